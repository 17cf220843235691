#!/usr/bin/env bash
# Wait until every container of a compose project is up: healthy where it has a health check,
# running where it has none, exited 0 for a one-shot (`<service>-migrate`). Then watch them for
# a while, so a service that crashes right after its first health check fails the deploy too.
# Prints the logs of whatever fails and exits 1. The deploy workflow runs it on the host over
# SSH; it works with any engine that speaks Docker's CLI (docker, or podman).
#
#   wait-for-health.sh PROJECT [TIMEOUT_SECONDS] [WATCH_SECONDS]
set -euo pipefail

project="$1"
timeout="${2:-300}"
watch="${3:-30}"
engine="${ENGINE:-docker}"
format='{{index .Config.Labels "com.docker.compose.service"}} {{.State.Status}} {{with .State.Health}}{{if .Status}}{{.Status}}{{else}}none{{end}}{{else}}none{{end}} {{.State.ExitCode}} {{.RestartCount}}'

containers() {
    "$engine" ps --all --quiet --filter "label=com.docker.compose.project=$project"
}

# One line per container: `<service> ok|wait|fail <why>`.
judge() {
    local service status health code restarts
    for id in $(containers); do
        read -r service status health code restarts < <("$engine" inspect --format "$format" "$id")
        if [ "$restarts" -gt 0 ]; then
            echo "$service fail restarted $restarts times"
        elif [ "$status" = exited ] && [ "$code" = 0 ] && [[ "$service" == *-migrate ]]; then
            echo "$service ok completed"
        elif [ "$status" = exited ] || [ "$status" = dead ] || [ "$health" = unhealthy ]; then
            echo "$service fail $status (code $code, health $health)"
        elif [ "$status" = running ] && { [ "$health" = healthy ] || [ "$health" = none ]; }; then
            echo "$service ok $status"
        else
            echo "$service wait $status (health $health)"
        fi
    done
}

# The logs of the services named on the lines given (`<service> fail|wait ...`).
show_logs() {
    local wanted
    wanted=$(cut -d' ' -f1 <<<"$1")
    for id in $(containers); do
        service=$("$engine" inspect --format '{{index .Config.Labels "com.docker.compose.service"}}' "$id")
        if grep -qxF "$service" <<<"$wanted"; then
            echo "::group::logs of $service"
            "$engine" logs --tail 100 "$id" 2>&1 || true
            echo "::endgroup::"
        fi
    done
}

if [ -z "$(containers)" ]; then
    echo "no containers of compose project $project" >&2
    exit 1
fi
deadline=$((SECONDS + timeout))
while :; do
    verdicts=$(judge)
    failed=$(grep ' fail ' <<<"$verdicts" || true)
    if [ -n "$failed" ]; then
        echo "$failed" >&2
        show_logs "$failed"
        exit 1
    fi
    if ! grep -q ' wait ' <<<"$verdicts"; then
        break
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
        echo "not up within $timeout s:" >&2
        grep ' wait ' <<<"$verdicts" >&2
        show_logs "$(grep ' wait ' <<<"$verdicts")"
        exit 1
    fi
    sleep 2
done
echo "$verdicts"
echo "all up; watching for $watch s for a crash loop"
sleep "$watch"
failed=$(judge | grep ' fail ' || true)
if [ -n "$failed" ]; then
    echo "$failed" >&2
    show_logs "$failed"
    exit 1
fi
echo "healthy"
