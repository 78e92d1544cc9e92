#!/usr/bin/env bash
# Runs every test: the Swift unit tests, then the Python integration suites (boto3 against our
# `serve` and moto_server, a real MCP client over stdio). Each test starts and stops its own servers.
set -euo pipefail
cd "$(dirname "$0")/.."
# Tests never reach the instance metadata address; the ones that need it run their own stub.
export AWS_EC2_METADATA_DISABLED=true
swift build
swift test
python3 -m pytest -q Tests/integration
