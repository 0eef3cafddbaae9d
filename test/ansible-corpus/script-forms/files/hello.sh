#!/bin/sh
# Writes its arguments and where it ran, then greets.
printf '%s|' "$@" > out
pwd >> out
echo hi
