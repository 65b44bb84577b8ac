#!/usr/bin/env bash
# Start a private Virtuoso Open Source on loopback for the tests, installing it first if needed.
#
#   tests/virtuoso/start.sh DIR [HTTP_PORT] [SQL_PORT]
#
# DIR gets its own virtuoso.ini, database and log; nothing of the system's Virtuoso is used (its
# service is never started). Both ports listen on 127.0.0.1 only. The DBA password of the
# fresh database is the Virtuoso default (dba), which is fine for a throwaway loopback server.
# Files to load must be inside DIR (DirsAllowed). Stop it with:
#   isql-vt 127.0.0.1:SQL_PORT dba dba exec="shutdown;"
#
# Exit codes: 0 running (prints "http://127.0.0.1:HTTP_PORT/sparql"), 3 Virtuoso is not
# installed and cannot be (not root, or no apt-get), 1 it is installed but did not start (the
# log is printed).
set -u
dir=${1:?usage: start.sh DIR [HTTP_PORT] [SQL_PORT]}
http_port=${2:-8890}
sql_port=${3:-1111}
# 8 KB pages of cache; the tests need few, benchmarks/bench_virtuoso.py asks for more
buffers=${VIRTUOSO_BUFFERS:-10000}

if ! command -v virtuoso-t >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing virtuoso-opensource (Debian)" >&2
    export DEBIAN_FRONTEND=noninteractive
    # the package asks for a DBA password through debconf; preseed it so nothing prompts
    printf '%s\n' \
      "virtuoso-opensource-7 virtuoso-opensource-7/dba-password password dba" \
      "virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password dba" \
      | debconf-set-selections 2>/dev/null || true
    if ! apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null 2>&1; then
      apt-get update -qq >/dev/null 2>&1
      apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null 2>&1 || {
        echo "apt-get could not install virtuoso-opensource" >&2; exit 3; }
    fi
  else
    echo "virtuoso-t is not installed and this is not root with apt-get" \
         "(install it with: sudo apt-get install virtuoso-opensource)" >&2
    exit 3
  fi
fi
command -v isql-vt >/dev/null 2>&1 || { echo "isql-vt missing (virtuoso-opensource-7-bin)" >&2; exit 3; }

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
vsp=/var/lib/virtuoso-opensource-7/vsp
[ -d "$vsp" ] || vsp="$dir"
cat > "$dir/virtuoso.ini" <<INI
[Database]
DatabaseFile       = $dir/virtuoso.db
ErrorLogFile       = $dir/virtuoso.log
LockFile           = $dir/virtuoso.lck
TransactionFile    = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $dir/virtuoso-temp.db
TransactionFile    = $dir/virtuoso-temp.trx
Striping           = 0

[Parameters]
ServerPort         = 127.0.0.1:$sql_port
DisableUnixSocket  = 1
CheckpointInterval = 60
CaseMode           = 2
DirsAllowed        = ., $dir
NumberOfBuffers    = $buffers
MaxDirtyBuffers    = $((buffers * 3 / 5))
MaxQueryMem        = 500M
ThreadsPerQuery    = 2

[HTTPServer]
ServerPort         = 127.0.0.1:$http_port
ServerRoot         = $vsp
ServerThreads      = 10
Charset            = UTF-8
EnabledDavVSP      = 0

[SPARQL]
ResultSetMaxRows           = 100000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 60
INI

# +wait: return only once the server accepts connections (or failed)
if ! (cd "$dir" && timeout 120 virtuoso-t +configfile "$dir/virtuoso.ini" +wait) >"$dir/start.out" 2>&1; then
  echo "virtuoso-t did not start:" >&2
  cat "$dir/start.out" "$dir/virtuoso.log" >&2 2>/dev/null
  exit 1
fi
echo "http://127.0.0.1:$http_port/sparql"
