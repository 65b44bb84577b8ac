#!/usr/bin/env bash
# Debian packages some tests need, installed when missing:
#   chromium             real-browser tests of the HTML view (driven by playwright; never a downloaded browser)
#   graphviz             `dot`, for `kg viz --format svg|png`
#   virtuoso-opensource  the triple-store round trip (named queries answered by Virtuoso)
#   poppler-utils        pdftoppm/pdftotext, to look at the pages of `kg handout`'s PDF
# As root with apt-get this installs them; otherwise it says what is missing and the tests that
# need them are skipped with that reason.
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v dot >/dev/null 2>&1 || need+=(graphviz)
{ command -v virtuoso-t >/dev/null 2>&1 || [ -x /usr/bin/virtuoso-t ]; } || need+=(virtuoso-opensource)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages for the tests: ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || echo "warning: could not install ${need[*]}; tests that need them will be skipped" >&2
else
  echo "note: missing ${need[*]} (install with: sudo apt-get install ${need[*]}); tests that need them will be skipped" >&2
fi
exit 0
