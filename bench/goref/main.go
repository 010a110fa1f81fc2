// Command goref is the ceiling the load harness measures capsandbox
// against: the least work net/http can do to answer customer/add — check
// method, path and format, read the body, answer fixed bytes.
//
//	goref ADDR BODYFILE
package main

import (
	"io"
	"log"
	"net/http"
	"os"
	"strconv"
)

func main() {
	if len(os.Args) != 3 {
		log.Fatal("usage: goref ADDR BODYFILE")
	}
	body, err := os.ReadFile(os.Args[2])
	if err != nil {
		log.Fatal(err)
	}
	size := strconv.Itoa(len(body))
	http.HandleFunc("POST /v1.1/customer/add", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("format") != "json" {
			http.NotFound(w, r)
			return
		}
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", size)
		_, _ = w.Write(body)
	})
	http.HandleFunc("GET /__sandbox/health", func(w http.ResponseWriter, r *http.Request) {})
	log.Fatal(http.ListenAndServe(os.Args[1], nil))
}
