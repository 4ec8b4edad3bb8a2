package main

import (
	"encoding/json"
	"net/http"
)

func main() {
	http.HandleFunc("/api/items", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode([]string{"tea", "coffee"})
	})
	// The frontend's built files, copied from the web stage.
	http.Handle("/", http.FileServer(http.Dir("/app/static")))
	http.ListenAndServe(":8080", nil)
}
