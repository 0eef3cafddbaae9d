#!/bin/sh
echo ran > /tmp/corpus/script-check/ran
