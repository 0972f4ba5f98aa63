#!/usr/bin/env bash
# The shape of the code, checked: the include graph between modules (a
# module is a .c file and its .h) has no circle; the core (src/) includes
# nothing from the front ends (cli/, ui/) and the front ends nothing from
# each other; only ui/ includes curses; no source file is over 600 lines.
# Run by make check; `tests/arch/layers.sh --graph` prints the graph.
set -u
top=${DDORGS_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 1
fail=0
say() { echo "FAIL [layers]: $*" >&2; fail=1; }

files=$(ls src/*.[ch] ui/*.[ch] cli/*.[ch] 2>/dev/null)
dir_of() { dirname "$1"; }
# A private header (x_priv.h) belongs to module x.
mod_of() { local b; b=$(basename "$1"); b=${b%.*}; echo "$(dirname "$1")/${b%_priv}"; }

# Edges "from to", one per quoted include that names a file of the tree.
edges=$(for f in $files; do
    d=$(dir_of "$f")
    grep -oE '^#include "[^"]+"' "$f" | sed 's/^#include "\(.*\)"$/\1/' | while read -r inc; do
        # Includes resolve against the file's own directory, then the
        # include path: src/, and for the program's entry cli/ and ui/.
        if [ -f "$d/$inc" ]; then t="$d/$inc"
        elif [ -f "src/$inc" ]; then t="src/$inc"
        elif [ "$f" = src/main.c ] && [ -f "cli/$inc" ]; then t="cli/$inc"
        elif [ "$f" = src/main.c ] && [ -f "ui/$inc" ]; then t="ui/$inc"
        else continue; fi
        t=$(realpath -m --relative-to="$top" "$t")
        from=$(mod_of "$f"); to=$(mod_of "$t")
        [ "$from" = "$to" ] || echo "$from $to"
    done
done | sort -u)

if [ "${1:-}" = "--graph" ]; then
    echo "$edges"
    exit 0
fi

# tsort names every circle it finds ("input contains a loop").
loops=$(echo "$edges" | tsort 2>&1 >/dev/null)
[ -z "$loops" ] || say "the include graph has a circle: $loops"

echo "$edges" | while read -r from to; do
    case "$from:$to" in
    # main.c is the program's entry, above both front ends: it picks one.
    # It is not part of the core library (src/local.mk).
    src/main:*) ;;
    src/*:ui/*|src/*:cli/*) echo "FAIL [layers]: the core $from includes the front end $to" >&2; exit 1 ;;
    ui/*:cli/*|cli/*:ui/*) echo "FAIL [layers]: the front ends include each other: $from -> $to" >&2; exit 1 ;;
    esac
done || fail=1

curses=$(grep -lE '#include <(n?curses|panel|form)\.h>' $files | grep -v '^ui/')
[ -z "$curses" ] || say "curses outside ui/: $curses"

for f in $files; do
    n=$(wc -l < "$f")
    [ "$n" -le 600 ] || say "$f has $n lines (at most 600: split it by job)"
done

[ $fail -eq 0 ] && echo "PASS [layers]: $(echo "$edges" | wc -l) include edges between $(echo "$edges" | tr ' ' '\n' | sort -u | wc -l) modules, no circle"
exit $fail
