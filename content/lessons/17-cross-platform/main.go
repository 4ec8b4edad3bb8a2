package main

import (
	"fmt"
	"runtime"
)

func main() { fmt.Println("running on", runtime.GOARCH) }
