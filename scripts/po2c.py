#!/usr/bin/env python3
"""Compiles a gettext catalogue (a .po file) into a C table for src/i18n: the entries with a
translation, sorted by key (msgctxt, "\\x04", msgid, as gettext keys them) for a binary search.
Fuzzy and untranslated entries are left out, so their text stays Vietnamese.

The entries whose reference (the "#:" line) names one of the theme's scripts (a .js file) go
into a second table too, i18n_js_LANG: the dictionary the admin's scripts read (their T("…"),
served as /i18n/LANG.js by src/web/i18n_js.c), sorted by msgid. Plural and context entries are
never a script's.

usage: po2c.py LANG INPUT.po OUTPUT.c"""

import sys


def unquote(s, where):
    s = s.strip()
    if len(s) < 2 or s[0] != '"' or s[-1] != '"':
        sys.exit(f"{where}: not a quoted string: {s}")
    out, i, body = [], 0, s[1:-1]
    esc = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "r": "\r"}
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 1
            if i >= len(body) or body[i] not in esc:
                sys.exit(f"{where}: unknown escape in {s}")
            out.append(esc[body[i]])
        else:
            out.append(c)
        i += 1
    return "".join(out)


def read_po(path):
    """The entries of path as dicts: ctx, id, plural, str ({index: text}), fuzzy, line, refs
    (the files its "#:" lines name)."""
    entries, cur, field = [], None, None

    def new(n):
        return {"ctx": None, "id": None, "plural": None, "str": {}, "fuzzy": False, "line": n,
                "refs": []}

    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            where = f"{path}:{n}"
            if not line.strip():
                continue
            starts = line.startswith("#") or line.startswith("msgctxt ") or \
                line.startswith("msgid ")
            if starts and (cur is None or cur["str"]):
                if cur is not None:
                    entries.append(cur)
                cur, field = new(n), None
            if line.startswith("#"):
                if line.startswith("#:"):
                    # "file" or "file:line", several to a line
                    cur["refs"] += [r.rpartition(":")[0] if r.rpartition(":")[2].isdigit()
                                    else r for r in line[2:].split()]
                if line.startswith("#,") and "fuzzy" in line:
                    cur["fuzzy"] = True
                continue
            if line.startswith('"'):
                if field is None:
                    sys.exit(f"{where}: continuation without a keyword")
                kind, idx = field
                if kind == "str":
                    cur["str"][idx] += unquote(line, where)
                else:
                    cur[kind] += unquote(line, where)
                continue
            key, _, rest = line.partition(" ")
            if key == "msgctxt":
                cur["ctx"], field = unquote(rest, where), ("ctx", None)
            elif key == "msgid":
                cur["id"], field = unquote(rest, where), ("id", None)
            elif key == "msgid_plural":
                cur["plural"], field = unquote(rest, where), ("plural", None)
            elif key == "msgstr":
                cur["str"][0], field = unquote(rest, where), ("str", 0)
            elif key.startswith("msgstr[") and key.endswith("]"):
                idx = int(key[7:-1])
                cur["str"][idx], field = unquote(rest, where), ("str", idx)
            else:
                sys.exit(f"{where}: unknown keyword {key}")
    if cur is not None and cur["id"] is not None:
        entries.append(cur)
    return [e for e in entries if e["id"] is not None]


def c_string(s):
    out = ['"']
    for ch in s.encode("utf-8"):
        c = chr(ch)
        if c == '"' or c == "\\":
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif ch < 0x20 or ch >= 0x7F:
            out.append('\\%03o' % ch)
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    lang, src, dst = sys.argv[1:]
    rows, js = {}, {}
    for e in read_po(src):
        if e["id"] == "" or e["fuzzy"]:
            continue
        forms = [e["str"].get(i, "") for i in range(2)]
        if not forms[0]:
            continue
        if not forms[1]:
            forms[1] = forms[0]
        key = (e["ctx"] + "\x04" if e["ctx"] is not None else "") + e["id"]
        if key in rows:
            sys.exit(f"{src}:{e['line']}: a second entry for {e['id']!r}")
        rows[key] = forms
        if e["ctx"] is None and e["plural"] is None and \
                any(r.endswith(".js") for r in e["refs"]):
            js[e["id"]] = forms[0]
    keys = sorted(rows, key=lambda k: k.encode("utf-8"))
    with open(dst, "w", encoding="utf-8") as out:
        out.write(f"/* Made by scripts/po2c.py from {src.split('/')[-1]}; do not edit. */\n")
        out.write('#include "src/i18n/i18n_int.h"\n\n')
        out.write(f"const struct i18n_entry i18n_catalogue_{lang}[] = {{\n")
        for k in keys:
            f0, f1 = rows[k]
            out.write(f"    {{{c_string(k)}, {{{c_string(f0)}, {c_string(f1)}}}}},\n")
        out.write("    {0, {0, 0}}, /* never searched: keeps an empty catalogue a valid array */\n")
        out.write("};\n")
        out.write(f"const size_t i18n_catalogue_{lang}_len = {len(keys)};\n\n")
        out.write(f"const struct i18n_pair i18n_js_{lang}[] = {{\n")
        for k in sorted(js, key=lambda k: k.encode("utf-8")):
            out.write(f"    {{{c_string(k)}, {c_string(js[k])}}},\n")
        out.write("    {0, 0}, /* never read: keeps an empty table a valid array */\n")
        out.write("};\n")
        out.write(f"const size_t i18n_js_{lang}_len = {len(js)};\n")


if __name__ == "__main__":
    main()
