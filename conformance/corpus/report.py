#!/usr/bin/env python3
"""Aggregates summary.tsv + results/ into the numbers and rankings used in REPORT.md (prints markdown)."""
import csv, re, os, sys, collections
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from classify import alerts, env_category, CASCADE

C = os.environ.get('CORPUS', '/work/corpus')

def load(summary, rdir):
    rows = {}
    for r in csv.DictReader(open(f'{C}/{summary}'), delimiter='\t'):
        n = r['name']
        r['b_text'] = open(f'{C}/{rdir}/{n}.bascule.txt', errors='replace').read()
        r['h_text'] = open(f'{C}/{rdir}/{n}.haproxy.txt', errors='replace').read()
        rows[n] = r
    return rows

def cause(line):
    m = re.search(r"(?:parsing )?\[[^\]]*:\d+\] ?: (.*)$", line)
    msg = m.group(1) if m else re.sub(r"^\[ALERT\] *\(\d+\) : (config : )?", "", line)
    c = env_category(line)
    if c: return 'ENV:' + c
    pats = [
        (r"^'server [^']*' : '([^']+)' is not implemented", "server {}"),
        (r"^'default-server' : '([^']+)' is not implemented", "default-server {}"),
        (r"^'bind [^']*' in section '[^']*' : 'alpn' : HTTP/2", "bind alpn h2 (HTTP/2)"),
        (r"^'bind [^']*' in section '[^']*' : '([^']+)' is not implemented", "bind {}"),
        (r"^'stats socket' : '([^']+)' is not implemented", "stats socket {}"),
        (r"^log : '[^']*': UNIX socket log targets", "log to UNIX socket (e.g. /dev/log)"),
        (r"^log : host names are not implemented", "log to host-name target (e.g. localhost)"),
        (r"'option (?:tcp|http)log' directive is ignored in backends", "DIVERGENCE: 'option tcplog/httplog' in a backend is fatal (HAProxy: warning)"),
        (r"uses http-check rules without 'option httpchk'", "DIVERGENCE: http-check rules without option httpchk are fatal (HAProxy: warning)"),
        (r"unexpected character '.' in '[a-z-]+' argument of server", "DIVERGENCE: timer with trailing garbage is fatal (HAProxy 2.6: warning)"),
        (r"UNIX socket addresses are not implemented", "server UNIX-socket address"),
        (r"'abns@' addresses are not implemented", "abns@ address"),
        (r"addresses without a host are not implemented", "server address without host (*:port)"),
        (r"port ranges are not implemented", "bind port range"),
        (r"fetch '([^']+)' is not implemented", "sample fetch {}"),
        (r"converter '([^']+)' is not implemented", "converter {}"),
        (r"stick-table: 'peers' is not implemented", "stick-table ... peers"),
        (r"but got 'lua\.", "Lua action (lua.*, needs lua-load)"),
        (r"^'server [^']*' : missing port specification in", "DIVERGENCE: server address without port is fatal (HAProxy: accepted)"),
        (r"^'([^']+)' is not implemented yet by Bascule", "{}"),
        (r"^([a-z][\w.-]*(?: [\w.-]+)?) is not implemented", "{}"),
    ]
    for p, fmt in pats:
        mm = re.search(p, msg)
        if mm:
            return fmt.format(*mm.groups())
    if CASCADE.search(msg): return 'CASCADE:' + re.sub(r"'[^']*'", "'…'", msg)[:90]
    return 'OTHER:' + re.sub(r"'[^']*'", "'…'", msg)[:110]

FAMILIES = [
    ("process/privileges (user, group, uid, gid, chroot, master-worker, nbproc-era keys, ulimit-n, cpu-map)",
     r"^(user|group|uid|gid|chroot|master-worker|bind-process|stats bind-process|ulimit-n|cpu-map|nbproc|maxpipes|tune\.\S+|hard-stop-after|spread-checks|server-state-file|default-path)$"),
    ("TLS defaults & TLS options (ssl-default-*, ca-base, crt-base, ssl-dh-param-file, server ssl/verify/check-ssl, alpn h2)",
     r"^(ssl-|ca-base|crt-base|server (ssl|verify|check-ssl)|bind alpn)"),
    ("logging targets (log /dev/log, log <hostname>)", r"^log to "),
    ("stats page/socket (stats timeout, stats admin, stats socket options)", r"^stats "),
    ("health checks (option tcp-check, tcp-check, mysql/pgsql/ssl-hello checks, external-check, http-check disable-on-404, on-marked-down, on-error)",
     r"^(option (tcp-check|mysql-check|pgsql-check|ssl-hello-chk|external-check)|tcp-check|external-check|http-check|on-marked-down|on-error)"),
    ("server/default-server options (maxconn, minconn, slowstart, send-proxy-v2, init-addr, resolvers on server)",
     r"^(server (maxconn|minconn|send-proxy|init-addr|resolvers|redir)|slowstart|init-addr|fullconn)"),
    ("connection-mode options (http-server-close, httpclose, tcpka, clitcpka, srvtcpka, prefer-last-server, splice)",
     r"^option (http-server-close|httpclose|forceclose|tcpka|clitcpka|srvtcpka|prefer-last-server|splice|tcp-smart|http-use-proxy-header|dontlog-normal|contstats|allbackups|http_proxy)"),
    ("timeouts (queue, tunnel, client-fin, server-fin, tarpit)", r"^timeout "),
    ("DNS (resolvers section, server-template)", r"^(resolvers|server-template)$"),
    ("Lua & services (lua-load, use-service, lua.* actions)", r"^(lua-load|http-request use-service|Lua action)"),
    ("stickiness & peers (stick, stick-table peers, peers, ignore-persist)", r"^(stick|peers|ignore-persist)"),
    ("addresses (UNIX sockets, abns@, port ranges, *:port servers, bind name/v6only/accept-proxy)",
     r"^(server UNIX|abns@|bind port range|server address without host|bind (name|v6only|v4v6|accept-proxy|user))"),
    ("TCP/TLS inspection & misc actions (req.ssl_* fetches, http-response return, filter, tcp-request set-src)",
     r"^(sample fetch|http-response return|filter|tcp-request connection set-src|converter)"),
    ("Bascule divergences (refuses what HAProxy only warns about / accepts)", r"^DIVERGENCE"),
]
def family(c):
    for name, pat in FAMILIES:
        if re.search(pat, c): return name
    return "other: " + c

def causes_of(text):
    return [cause(l) for l in alerts(text)]

def bascule_accepts(r):
    rc = int(r['bascule_rc'])
    return rc == 0 or (rc == 2 and not alerts(r['b_text']))

def rank(rows, names, title, drop_env=False):
    per_file = {}
    for n in names:
        cs = set(causes_of(rows[n]['b_text']))
        if drop_env:
            cs = {c for c in cs if not c.startswith('ENV:') and not c.startswith('CASCADE:')}
        per_file[n] = cs
    blocked = {n: cs for n, cs in per_file.items() if cs}
    cnt = collections.Counter(c for cs in blocked.values() for c in cs)
    sole = collections.Counter(next(iter(cs)) for cs in blocked.values() if len(cs) == 1)
    out = [f"\n### {title}\n", f"{len(names)} files, {len(names)-len(blocked)} accepted by Bascule, {len(blocked)} refused.\n",
           "| rank | keyword / cause | files blocked | only cause in |", "|---:|---|---:|---:|"]
    for i, (c, k) in enumerate(cnt.most_common(), 1):
        out.append(f"| {i} | `{c}` | {k} | {sole.get(c,0)} |")
    fam = collections.Counter()
    for cs in blocked.values():
        for f in {family(c) for c in cs}: fam[f] += 1
    out.append("\nBy family (files blocked by at least one cause of the family):\n")
    out.append("| family | files blocked |\n|---|---:|")
    for f, k in fam.most_common(): out.append(f"| {f} | {k} |")
    # cumulative: implement causes in ranking order; files accepted after each step
    done, acc = set(), len(names) - len(blocked)
    out.append(f"\nCumulative (implement causes in ranking order; files accepted after each step, of {len(names)}):\n")
    out.append("| after rank | cause | accepted total |\n|---:|---|---:|")
    for i, (c, k) in enumerate(cnt.most_common()[:30], 1):
        done.add(c)
        a = acc + sum(1 for cs in blocked.values() if cs <= done)
        out.append(f"| {i} | `{c}` | {a} ({100*a/len(names):.0f}%) |")
    return "\n".join(out), per_file

def main():
    rows = load('summary.tsv', 'results')
    lf = load('summary-lf.tsv', 'results-lf') if os.path.exists(f'{C}/summary-lf.tsv') else {}
    classes = collections.Counter(r['haproxy_class'] for r in rows.values())
    print("## Verdict classes (HAProxy 2.6.12)\n")
    for k, v in classes.most_common(): print(f"- {k}: {v}")
    acc = [n for n, r in rows.items() if r['haproxy_class'] in ('ok', 'ok-nolistener')]
    bacc = [n for n in acc if bascule_accepts(rows[n])]
    print(f"\nHAProxy accepts {len(acc)}; Bascule accepts {len(bacc)} of those ({100*len(bacc)/len(acc):.1f}%).")
    print("Bascule accepts:", ", ".join(sorted(bacc)))
    rev = [n for n, r in rows.items() if r['haproxy_class'] not in ('ok', 'ok-nolistener') and bascule_accepts(r)]
    print(f"\nBascule accepts but HAProxy refuses/needs env: {len(rev)} {rev}")
    # LF variant
    if lf:
        print("\nLF-fixed variants:", collections.Counter((r['haproxy_class'], bascule_accepts(r)) for r in lf.values()))
    t, pf = rank(rows, acc, "Ranking A: files HAProxy 2.6 accepts as-is")
    print(t)
    # extended set: valid in their own environment
    ext = list(acc)
    for n, r in rows.items():
        c = r['haproxy_class']
        if c.startswith('needs-'): ext.append(n)
    ext_rows = dict(rows)
    for n, r in lf.items():
        if r['haproxy_class'] in ('ok', 'ok-nolistener') or r['haproxy_class'].startswith('needs-'):
            ext.append(n); ext_rows[n] = r
    t2, pf2 = rank(ext_rows, ext, "Ranking B: files valid for HAProxy 2.6 in their own environment (ok + needs-files/dns/env + LF-fixed); environmental alerts of Bascule ignored", drop_env=True)
    print(t2)
    # divergences: causes in haproxy-accepted files that are not 'not implemented' messages
    print("\n### Non-'not implemented' Bascule alerts on files HAProxy accepts (possible divergences)\n")
    for n in sorted(acc):
        for l in alerts(rows[n]['b_text']):
            c = cause(l)
            if c.startswith(('OTHER:', 'CASCADE:', 'ENV:', 'DIVERGENCE')):
                print(f"- {n}: {re.sub(r'^.*parsing ', '', l)[:220]}")
    print("\n### Same, on the environment-dependent files (ENV alerts skipped)\n")
    for n in sorted(set(ext) - set(acc)):
        r = ext_rows[n]
        for l in alerts(r['b_text']):
            c = cause(l)
            if c.startswith(('OTHER:', 'CASCADE:', 'DIVERGENCE')):
                print(f"- {n}: {re.sub(r'^.*parsing ', '', l)[:220]}")

if __name__ == "__main__":
    main()
