#!/bin/bash
# Runs haproxy -c and bascule -c on every file in $CORPUS/files (sequentially), writes results/ and summary.tsv.
# CORPUS defaults to /work/corpus (the files themselves are not in the repository: see README.md)
# usage: check.sh [files-dir [results-dir [summary.tsv]]]   (haproxy verdict classes: see classify.py)
C=${CORPUS:-/work/corpus}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FDIR=${1:-$C/files}; RDIR=${2:-$C/results}; SUM=${3:-$C/summary.tsv}
HAP=/usr/sbin/haproxy
BAS=${BASCULE:-$HERE/../../lb-dist/target/bascule/bin/bascule}
[ -x "$BAS" ] || { echo "bascule distribution missing at $BAS" >&2; exit 2; }
mkdir -p $RDIR
sum=$SUM
printf 'name\thaproxy_rc\tbascule_rc\tfirst_bascule_alert\thaproxy_class\n' > $sum
for f in $FDIR/*; do
  n=$(basename "$f")
  t=$(mktemp -d); cp "$f" "$t/$n"
  ( cd "$t" && timeout 20 $HAP -c -f "$n" > "$t/h.out" 2>&1; echo $? > "$t/h.rc" )
  ( cd "$t" && timeout 30 $BAS -c -f "$n" > "$t/b.out" 2>&1; echo $? > "$t/b.rc" )
  hrc=$(cat $t/h.rc); brc=$(cat $t/b.rc)
  { echo "rc=$hrc"; grep -E '\[(ALERT|WARNING)\]' "$t/h.out"; } > "$RDIR/$n.haproxy.txt"
  { echo "rc=$brc"; grep -E '\[(ALERT|WARNING)\]' "$t/b.out"; } > "$RDIR/$n.bascule.txt"
  cls=$(python3 $HERE/classify.py "$t/h.out" "$hrc")
  first=$(grep -m1 -E '\[ALERT\]' "$t/b.out" | sed -E 's/^\[ALERT\] *\([0-9]+\) : //' | tr '\t' ' ')
  [ "$brc" = 0 ] && first=""
  printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$hrc" "$brc" "$first" "$cls" >> $sum
  rm -rf "$t"
done
echo "done: $(($(wc -l < $sum)-1)) files"
