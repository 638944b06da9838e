#!/usr/bin/env python3
"""The interface's catalogues (po/): finds every piece of text marked for translation, in the
C code (_("…"), N_("…"), C_("context", "…"), P_("…", "…", n)), the theme's templates
({{#_}}…{{/_}}) and its scripts (T("…")), and keeps po/vi.po (every message; Vietnamese is
the source language, so each msgstr is empty) and po/en.po (the English) in step with them.

  scripts/i18n.py update   rewrites po/vi.po and adds the new messages to po/en.po (untranslated),
                           dropping the ones no longer used
  scripts/i18n.py check    fails, naming each, on: Vietnamese text in the code, templates or
                           scripts that is not marked; a marked message missing from po/vi.po or
                           an entry of po/vi.po no longer used; an entry of po/en.po that is
                           missing, untranslated or fuzzy; a translation whose printf
                           conversions, {{tags}} or HTML elements differ from its message.

What is not the interface is left out: src/demo (the demo portal's content, in its own
language), src/cli (messages for the operator, in English), log lines, and a literal whose
line ends with the comment "a name, not text" (the product's name, say)."""

import glob
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
THEME = os.path.join(ROOT, "themes", "default")
SKIP_DIRS = ("src/demo/", "src/cli/")
VI_PO = os.path.join(ROOT, "po", "vi.po")
EN_PO = os.path.join(ROOT, "po", "en.po")
HEADER = {
    "vi": "# Cổng's interface text. Vietnamese is the source language: each message is its own\n"
          "# text, so every msgstr here is empty. Made by scripts/i18n.py update; do not edit.\n",
    "en": "# English translation of Cổng's interface. New messages come from scripts/i18n.py update.\n",
}

sys.path.insert(0, os.path.join(ROOT, "scripts"))
import po2c  # noqa: E402  (the .po reader)


# --- C -------------------------------------------------------------------------------------

C_ESC = {"f": "\f", "v": "\v", "b": "\b", "e": "\x1b", "n": "\n", "t": "\t", "r": "\r",
         "a": "\a"}


def c_literal(body):
    """The bytes a C string literal's body (without quotes) stands for, as text."""
    out, i = bytearray(), 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            i += 1
            e = body[i]
            if e in "01234567":
                j = i
                while j < len(body) and j < i + 3 and body[j] in "01234567":
                    j += 1
                out.append(int(body[i:j], 8))
                i = j
                continue
            if e == "x":
                j = i + 1
                while j < len(body) and body[j] in "0123456789abcdefABCDEF":
                    j += 1
                out.append(int(body[i + 1:j], 16))
                i = j
                continue
            if e == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", body[i + 1:i + 5]):
                out += chr(int(body[i + 1:i + 5], 16)).encode()
                i += 5
                continue
            out += C_ESC.get(e, e).encode()
            i += 1
            continue
        out += c.encode()
        i += 1
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        return ""  # bytes, not text (a file signature, say)


def c_tokens(src):
    """(kind, text, line, offset) for each comment, string run and other character of src."""
    i, n, line = 0, len(src), 1
    while i < n:
        c = src[i]
        if src.startswith("/*", i):
            j = src.index("*/", i + 2) + 2
            yield ("comment", src[i:j], line, i)
        elif src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            yield ("comment", src[i:j], line, i)
        elif c == "'":
            j = i + 1
            while src[j] != "'":
                j += 2 if src[j] == "\\" else 1
            j += 1
            yield ("char", src[i:j], line, i)
        elif c == '"':
            parts, j = [], i
            while True:
                k = j + 1
                while src[k] != '"':
                    k += 2 if src[k] == "\\" else 1
                parts.append(src[j + 1:k])
                k += 1
                m = k
                while m < n and src[m] in " \t\n":
                    m += 1
                if m < n and src[m] == '"':
                    j = m
                    continue
                j = k
                break
            yield ("string", "".join(c_literal(p) for p in parts), line, i)
            line += src.count("\n", i, j)
            i = j
            continue
        else:
            j = i + 1
            yield ("other", c, line, i)
        line += src.count("\n", i, j)
        i = j


MARK_BEFORE = re.compile(r"(?<![A-Za-z0-9_])(N_|_|C_|P_)\(\s*$")


def scan_c(path, rel, messages, problems):
    src = open(path, encoding="utf-8").read()
    strings = [t for t in c_tokens(src) if t[0] == "string"]
    for idx, (_, text, line, off) in enumerate(strings):
        before = src[max(0, off - 200):off]
        m = MARK_BEFORE.search(before)
        prev_arg = re.search(r"(?<![A-Za-z0-9_])(C_|P_)\(\s*\"(?:[^\"\\]|\\.)*\"\s*,\s*$", before)
        where = f"{rel}:{line}"
        if m and m.group(1) == "C_":
            continue  # the context: the message follows
        if prev_arg and prev_arg.group(1) == "C_":
            ctx = strings[idx - 1][1]
            messages.setdefault((ctx, text), []).append(where)
            continue
        if prev_arg and prev_arg.group(1) == "P_":
            continue  # the plural form of the message before
        if m:
            messages.setdefault((None, text), []).append(where)
            continue
        line_end = src.find("\n", off)
        if "/* a name, not text */" in src[off:line_end if line_end >= 0 else len(src)]:
            continue
        if any(ord(ch) > 127 and ch.isalpha() for ch in text) and \
                not re.search(r"\blog_(info|warn|error|debug)\([^;]*$", before):
            problems.append(f"{where}: text not marked for translation: {text!r}")


# --- templates ------------------------------------------------------------------------------

TOKEN = re.compile(r"\{\{\{.*?\}\}\}|\{\{.*?\}\}|<!--.*?-->|<(script|style)\b.*?</\1\s*>|"
                   r"<[a-zA-Z/!][^>]*>", re.S)
ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|\w+);")
MUSTACHE = re.compile(r"\{\{\{.*?\}\}\}|\{\{.*?\}\}", re.S)
MARKED = re.compile(r"\{\{#_\}\}(.*?)\{\{/_\}\}", re.S)
USER_ATTRS = ("alt", "title", "placeholder", "aria-label", "aria-roledescription",
              "aria-description", "data-label")


def has_letters(text):
    return any(ch.isalpha() for ch in ENTITY.sub("", MUSTACHE.sub("", text)))


def unmarked_template_text(src):
    """The pieces of text a reader sees that are outside {{#_}}…{{/_}}."""
    found, seg, pos = [], [], 0
    bare = MARKED.sub("{{_marked}}", src)

    def flush():
        text = "".join(seg).strip()
        seg.clear()
        if has_letters(text):
            found.append(text)
    for m in TOKEN.finditer(bare):
        seg.append(bare[pos:m.start()])
        tok, pos = m.group(0), m.end()
        if tok.startswith("{{"):
            if tok.startswith("{{{") or tok[2:3] not in "#^/>!=":
                seg.append(tok)
                continue
            flush()
        else:
            flush()
            if tok.startswith("<") and not tok.startswith(("<!", "</", "<script", "<style")):
                for a in re.finditer(r"(?<=\s)([\w-]+)=\"([^\"]*)\"", tok):
                    if a.group(1) in USER_ATTRS and has_letters(a.group(2)):
                        found.append(f'{a.group(1)}="{a.group(2)}"')
                if re.match(r"<input\b", tok) and re.search(r'type="(submit|button|reset)"', tok):
                    v = re.search(r"(?<=\s)value=\"([^\"]*)\"", tok)
                    if v and has_letters(v.group(1)):
                        found.append(f'value="{v.group(1)}"')
    seg.append(bare[pos:])
    flush()
    return found


def scan_template(path, rel, messages, problems):
    src = open(path, encoding="utf-8").read()
    for m in MARKED.finditer(src):
        line = src.count("\n", 0, m.start()) + 1
        messages.setdefault((None, m.group(1)), []).append(f"{rel}:{line}")
    for text in unmarked_template_text(src):
        problems.append(f"{rel}: text not marked for translation: {text!r}")


# --- scripts --------------------------------------------------------------------------------



def js_strings(src):
    """(text, offset) of each string literal of a script, past its comments."""
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("/*", i):
            end = src.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif src.startswith("//", i):
            end = src.find("\n", i)
            i = n if end < 0 else end
        elif c in "\"'`":
            j = i + 1
            while j < n and src[j] != c and not (c != "`" and src[j] == "\n"):
                j += 2 if src[j] == "\\" else 1
            yield c_literal(src[i + 1:j]), i
            i = j + 1
        else:
            i += 1


def scan_js(path, rel, messages, problems):
    src = open(path, encoding="utf-8").read()
    for text, off in js_strings(src):
        line = src.count("\n", 0, off) + 1
        where = f"{rel}:{line}"
        if re.search(r"(?<![A-Za-z0-9_$.])T\(\s*$", src[max(0, off - 20):off]):
            messages.setdefault((None, text), []).append(where)
        elif any(ord(ch) > 127 and ch.isalpha() for ch in text):
            problems.append(f"{where}: text not marked for translation: {text!r}")


def collect():
    messages, problems = {}, []
    for path in sorted(glob.glob(os.path.join(ROOT, "src", "**", "*.[ch]"), recursive=True)):
        rel = os.path.relpath(path, ROOT)
        if rel.startswith(SKIP_DIRS) or rel.startswith("src/i18n/"):
            continue
        scan_c(path, rel, messages, problems)
    for path in sorted(glob.glob(os.path.join(THEME, "*.mustache"))):
        scan_template(path, os.path.relpath(path, ROOT), messages, problems)
    for path in sorted(glob.glob(os.path.join(THEME, "static", "*.js"))):
        scan_js(path, os.path.relpath(path, ROOT), messages, problems)
    return messages, problems


# --- the .po files --------------------------------------------------------------------------

def po_quote(s):
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    if "\n" in s[:-1]:
        lines = s.split("\n")
        parts = [l + "\\n" for l in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
        return '""\n' + "\n".join(f'"{p}"' for p in parts)
    return '"' + s.replace("\n", "\\n") + '"'


def is_c_format(msgid, refs):
    return any(r.endswith((".c", ".h")) or ".c:" in r or ".h:" in r for r in refs) and \
        re.search(r"%(?!%)[-+ #0-9.*]*(?:l|ll|z|h|j)?[sdiuxXcfgp]", msgid) is not None


def ref_key(ref):
    f, _, line = ref.rpartition(":")
    return (f, int(line))


def write_po(path, lang, messages, translations):
    out = [HEADER[lang], 'msgid ""', 'msgstr ""',
           '"Project-Id-Version: cong\\n"', '"PO-Revision-Date: 2026-12-05 00:00+0700\\n"',
           '"Last-Translator: Cổng\\n"', '"Language-Team: Cổng\\n"', f'"Language: {lang}\\n"',
           '"MIME-Version: 1.0\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"',
           '"Content-Transfer-Encoding: 8bit\\n"',
           '"Plural-Forms: nplurals=' + ('1; plural=0;' if lang == "vi" else
                                          '2; plural=(n != 1);') + '\\n"', ""]
    def first_ref(k):
        f, _, line = min(messages[k], key=ref_key).rpartition(":")
        return (f, int(line), k[1])
    for (ctx, msgid) in sorted(messages, key=first_ref):
        refs = messages[(ctx, msgid)]
        # files only: line numbers would change the catalogues with every edit of the code
        files = sorted({r.rpartition(":")[0] for r in refs})
        for k in range(0, len(files), 4):
            out.append("#: " + " ".join(files[k:k + 4]))
        if is_c_format(msgid, refs):
            out.append("#, c-format")
        if ctx is not None:
            out.append("msgctxt " + po_quote(ctx))
        out.append("msgid " + po_quote(msgid))
        plural = plurals.get((ctx, msgid))
        tr = translations.get((ctx, msgid), {}) if lang == "en" else {}
        if plural is not None:
            out.append("msgid_plural " + po_quote(plural))
            out.append("msgstr[0] " + po_quote(tr.get(0, "")))
            if lang == "en":
                out.append("msgstr[1] " + po_quote(tr.get(1, "")))
        else:
            out.append("msgstr " + po_quote(tr.get(0, "")))
        out.append("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


plurals = {}


def find_plurals():
    """P_("one", "many", n): the plural message of each singular (the same text in Vietnamese)."""
    for path in glob.glob(os.path.join(ROOT, "src", "**", "*.c"), recursive=True):
        src = open(path, encoding="utf-8").read()
        for m in re.finditer(r"(?<![A-Za-z0-9_])P_\(\s*\"((?:[^\"\\]|\\.)*)\"\s*,\s*\"((?:[^\"\\]|\\.)*)\"", src):
            plurals[(None, c_literal(m.group(1)))] = c_literal(m.group(2))


def read_translations(path):
    if not os.path.exists(path):
        return {}, []
    entries = po2c.read_po(path)
    return {(e["ctx"], e["id"]): e["str"] for e in entries if e["id"]}, entries


SPEC = re.compile(r"%(?:%|[-+ #0-9.*]*(?:ll|l|z|h|j)?[sdiuxXcfgp])")
TAG = re.compile(r"\{\{[^}]*\}\}+")
ELEMENT = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")


def same_shape(msgid, msgstr, c_format):
    """What a translation must keep of its message: printf conversions in order, mustache tags
    and HTML elements in any order."""
    if c_format and SPEC.findall(msgid) != SPEC.findall(msgstr):
        return "its printf conversions differ"
    if sorted(TAG.findall(msgid)) != sorted(TAG.findall(msgstr)):
        return "its {{tags}} differ"
    if sorted(ELEMENT.findall(msgid)) != sorted(ELEMENT.findall(msgstr)):
        return "its HTML elements differ"
    return None


def check():
    messages, problems = collect()
    find_plurals()
    vi, _ = read_translations(VI_PO)
    en, en_entries = read_translations(EN_PO)
    for key, refs in sorted(messages.items(), key=lambda kv: min(kv[1])):
        if key not in vi:
            problems.append(f"{refs[0]}: not in po/vi.po (run scripts/i18n.py update): {key[1]!r}")
    for key in vi:
        if key not in messages:
            problems.append(f"po/vi.po: no longer used (run scripts/i18n.py update): {key[1]!r}")
    fuzzy = {(e["ctx"], e["id"]) for e in en_entries if e["fuzzy"]}
    for key, refs in sorted(messages.items(), key=lambda kv: min(kv[1])):
        tr = en.get(key)
        if tr is None:
            problems.append(f"po/en.po: missing: {key[1]!r} ({refs[0]})")
            continue
        if key in fuzzy:
            problems.append(f"po/en.po: fuzzy: {key[1]!r}")
        forms = [tr.get(0, "")] + ([tr.get(1, "")] if key in plurals else [])
        if not all(forms):
            problems.append(f"po/en.po: untranslated: {key[1]!r} ({refs[0]})")
            continue
        for f in forms:
            why = same_shape(key[1], f, is_c_format(key[1], refs))
            if why:
                problems.append(f"po/en.po: the translation of {key[1]!r} is wrong: {why}")
    for key in en:
        if key not in messages:
            problems.append(f"po/en.po: no longer used (run scripts/i18n.py update): {key[1]!r}")
    try:
        r = subprocess.run(["msgfmt", "--check", "-o", os.devnull, EN_PO], capture_output=True,
                           text=True)
        if r.returncode:
            problems += ["msgfmt: " + l for l in r.stderr.splitlines()]
    except FileNotFoundError:
        problems.append("msgfmt not found: install gettext (scripts/install-deps.sh --test)")
    for p in problems:
        print(p)
    print(f"{len(messages)} messages, {len(problems)} problems")
    return 1 if problems else 0


def update():
    messages, problems = collect()
    find_plurals()
    en, _ = read_translations(EN_PO)
    write_po(VI_PO, "vi", messages, {})
    write_po(EN_PO, "en", messages, en)
    untranslated = sum(1 for k in messages if not en.get(k, {}).get(0))
    print(f"{len(messages)} messages; {untranslated} to translate in po/en.po")
    for p in problems:
        print(p)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ("update", "check"):
        sys.exit(__doc__)
    sys.exit(update() if sys.argv[1] == "update" else check())
