#!/usr/bin/env bash
# Installs what ddorgs needs to build and test on Debian 12, with apt-get.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
    build-essential autoconf automake pkg-config ca-certificates \
    libncurses-dev libcurl4-openssl-dev libcjson-dev check \
    libmicrohttpd-dev libinih-dev zlib1g-dev \
    tmux valgrind strace man-db zsh fish >/dev/null
echo "ddorgs build dependencies installed"
