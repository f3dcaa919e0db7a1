document.title = "storefront";
