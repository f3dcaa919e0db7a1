package main

import (
	"flag"
	"log"
	"net/http"
)

func main() {
	config := flag.String("config", "/etc/server/server.yaml", "configuration file")
	flag.Parse()
	log.Printf("inventory service, configuration %s", *config)
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) })
	log.Fatal(http.ListenAndServe(":8080", nil))
}
