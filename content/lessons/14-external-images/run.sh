#!/bin/sh
echo "hello from a 1 MB image"
