#!/usr/bin/env python3
"""Classify haproxy/bascule -c output.  Used by check.sh and report.py.
   classify.py <raw-output-file> <rc>   -> prints haproxy verdict class"""
import re, sys

GENERIC = re.compile(r"Error\(s\) found in configuration file|Fatal errors found in configuration|Configuration file is valid")
FILES = re.compile(r"unable to load|No such file|cannot open|can.t open|could not open|error opening|unable to stat|failed to open|unable to find .*file", re.I)
DNS = re.compile(r"could not resolve address|Failed to initialize server\(s\) addr|unable to resolve|log : invalid address: '[A-Za-z]", re.I)
ENV = re.compile(r"missing port specification in '[^']*\$|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?'|forbidden first char in environment variable")
LF = re.compile(r"Missing LF on last line")
# errors that only follow from a missing file (an ACL whose pattern file was missing, a Lua service whose file was missing)
CASCADE = re.compile(r"no such ACL|unknown service name|but got 'lua\.")

def alerts(text):
    out = []
    for l in text.splitlines():
        if '[ALERT]' in l and not GENERIC.search(l):
            out.append(l)
    return out

def env_category(line):
    if FILES.search(line): return 'files'
    if DNS.search(line): return 'dns'
    if ENV.search(line): return 'env'
    if LF.search(line): return 'lf'
    return None

def haproxy_class(text, rc):
    if rc == 0: return 'ok'
    if rc == 2 and 'has no error' in text: return 'ok-nolistener'
    if rc == 124: return 'timeout'
    cats, other, casc = set(), 0, 0
    for l in alerts(text):
        c = env_category(l)
        if c: cats.add(c)
        elif CASCADE.search(l): casc += 1
        else: other += 1
    if casc and 'files' not in cats: other += casc
    if other or not cats: return 'refused'
    if cats == {'lf'}: return 'missing-lf'
    return 'needs-' + '+'.join(sorted(cats))

if __name__ == '__main__':
    print(haproxy_class(open(sys.argv[1], errors='replace').read(), int(sys.argv[2])))
