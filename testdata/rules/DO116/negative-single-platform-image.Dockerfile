# images published for one platform only: the pin states a fact
FROM --platform=linux/arm64 nvcr.io/nvidia/l4t-jetpack:r36.2.0 AS jetpack-6
FROM --platform=linux/amd64 gcr.io/k8s-staging-e2e-test-images/windows-servercore-cache:1.0-linux-amd64-ltsc2022 AS core
FROM busybox:1.36
COPY --from=jetpack-6 /etc/nv_tegra_release /jetpack-release
COPY --from=core /Windows/System32/netapi32.dll /dll/
