#!/bin/sh
set -eu
sh /brownie/post-bootstrap.sh "postgresql:///postgres"
