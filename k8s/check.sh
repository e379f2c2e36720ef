#!/usr/bin/env bash
# The manifests' and monitoring's checks are the tests of the Maven module k8s (k8s/src/test/java); this runs them.
cd "$(dirname "${BASH_SOURCE[0]}")/.." && exec ./mvnw -B verify -pl k8s "$@"
