#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, when they are missing and we are root:
# Chromium and a CJK font for the browser tests (without the font Chinese renders as boxes),
# gettext for translations, PostgreSQL for the second database run, Java for Spark.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qiE 'wqy|noto.*cjk' || need+=(fonts-wqy-microhei)
command -v msgfmt >/dev/null || need+=(gettext)
command -v pg_ctlcluster >/dev/null || command -v postgres >/dev/null || need+=(postgresql)
command -v node >/dev/null || need+=(nodejs npm)
command -v java >/dev/null || need+=(openjdk-17-jre-headless)  # Spark, for the parity test

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "note: missing system packages (${need[*]}); install them to run every test" >&2
  exit 0
fi
echo "installing system packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
