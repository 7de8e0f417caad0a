#!/usr/bin/env bash
# The system packages oresight needs beyond npm, installed from Debian/Ubuntu's apt when missing:
#   chromium        headless browser for PDF reports and the web tests (driven by playwright-core;
#                   never a browser download)
#   fonts-noto-cjk  Chinese fonts ("Noto Sans CJK SC") so that PDFs show Chinese text
#   poppler-utils   pdftotext, with which the tests read the PDFs back
#   postgresql      only with --postgres: the throwaway cluster of the PostgreSQL test half
# Idempotent: installs nothing when everything is there. Runs apt-get as root, or through sudo.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

with_postgres=0
for arg in "$@"; do
  case "$arg" in
    --postgres) with_postgres=1 ;;
    -h | --help)
      sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "install-system-deps: unknown option $arg (use --postgres or --help)" >&2
      exit 2
      ;;
  esac
done

need=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if [ "$with_postgres" = 1 ] && ! command -v pg_config >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  need+=(postgresql)
fi

if [ ${#need[@]} -eq 0 ]; then
  echo "install-system-deps: everything is installed"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: missing ${need[*]}, and apt-get is not available: install them with your package manager" >&2
  exit 1
fi
as_root=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then as_root=(sudo); else
    echo "install-system-deps: missing ${need[*]}: run this script as root" >&2
    exit 1
  fi
fi

echo "install-system-deps: installing ${need[*]}"
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}"
# New fonts become visible to Chromium once fontconfig's cache knows them.
if command -v fc-cache >/dev/null 2>&1; then fc-cache -f >/dev/null 2>&1 || true; fi
