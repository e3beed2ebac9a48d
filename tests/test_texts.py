"""Missing texts fail: every text key the package code uses exists in nl and en, and under the
tests ``catalog.text`` raises on an unknown key (INTERVISIE_STRICT_TEXTS=1, set in conftest.py).

The scan reads the package source with ``ast``. A *key slot* is an argument that ends up as the
first argument of ``catalog.text``: ``text`` itself, and, found by following the code, every
function, lambda, method or class that passes one of its parameters (or ``self.<attr>``) on to a
key slot, with the constant start of an f-string as a prefix: ``t("title")`` in render/report.py
means ``report.title``, ``ServeError("bad_port")`` means ``serve.bad_port``, the class constant
``kind = "unreachable"`` of a StoreError subclass means ``storage.unreachable``. Besides, every
string constant that looks like ``<texts file>.<key>`` (``Notice("group.warn_levels")``,
``TextKey(...)``) is a key, and every f-string starting ``<texts file>.`` a key prefix.
"""
from __future__ import annotations

import ast
import logging
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import intervisie_widgets
from intervisie_widgets import catalog
from intervisie_widgets.model import LEVELS, SPEAKERS

PACKAGE = Path(intervisie_widgets.__file__).parent
NAMESPACES = frozenset(f.stem for f in (PACKAGE / "content" / "texts").glob("*.yaml"))
_KEY = re.compile(r"([a-z_]+)\.([a-z0-9_]+)")
_KEY_START = re.compile(r"([a-z_]+)\.[a-z0-9_]*")
_FILE_ENDINGS = {"yaml", "yml", "py", "ipynb", "csv", "json", "png", "pdf", "md", "txt", "sqlite", "html", "css",
                 "js", "svg", "zip", "toml"}


# --------------------------------------------------------------------------- the scan
@dataclass(frozen=True)
class Use:
    """A text key (or, with ``prefix``, the start of one) used at ``where``; with several
    candidates (``x.t(...)`` may be more than one method ``t``) one existing candidate is enough."""

    where: str
    candidates: tuple[str, ...]
    prefix: bool = False

    def found(self, keys: set[str]) -> bool:
        if self.prefix:
            return any(k.startswith(c) for c in self.candidates for k in keys)
        return any(c in keys for c in self.candidates)


@dataclass(frozen=True)
class Slot:
    """Argument ``index`` (or keyword ``name``; None for a positional-only one) of callable
    ``func`` is a text key after ``prefix``.

    ``owner`` is the class of a method or, for a constructor (``func == owner``), the class itself;
    ``local`` callables (lambdas, nested functions) are only called from their own module."""

    module: str
    func: str
    owner: str | None
    index: int | None
    name: str | None
    prefix: str
    local: bool = False


@dataclass
class _Module:
    name: str
    tree: ast.Module
    parents: dict
    imported: dict  # local name -> the module it comes from, ``from X import name`` -> "X.name"


def _parse(sources: dict[str, str]) -> list[_Module]:
    mods = []
    for name, code in sources.items():
        tree = ast.parse(code)
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        package = name.split(".")
        imported = {}
        for n in ast.walk(tree):
            if isinstance(n, ast.ImportFrom):
                base = n.module
                if n.level:  # relative: from .. import catalog, from .common import say
                    base = ".".join(package[: len(package) - n.level] + ([n.module] if n.module else []))
                imported |= {a.asname or a.name: f"{base}.{a.name}" for a in n.names}
        mods.append(_Module(name, tree, parents, imported))
    return mods


def _enclosing(mod: _Module, node: ast.AST, kinds: tuple) -> ast.AST | None:
    while node in mod.parents:
        node = mod.parents[node]
        if isinstance(node, kinds):
            return node
    return None


def _params(fn: ast.AST) -> list[str]:
    args = fn.args
    return [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]


class _Classes:
    """Every class of the scanned code: bases, constructor parameters, class-level constants."""

    def __init__(self, mods: list[_Module]):
        self.defs = {n.name: n for m in mods for n in ast.walk(m.tree) if isinstance(n, ast.ClassDef)}

    def bases(self, name: str) -> list[str]:
        node = self.defs.get(name)
        out = []
        for b in node.bases if node else ():
            bname = b.id if isinstance(b, ast.Name) else getattr(b, "attr", None)
            if bname in self.defs:
                out += [bname, *self.bases(bname)]
        return out

    def subclasses(self, name: str) -> list[str]:
        return [c for c in self.defs if c == name or name in self.bases(c)]

    def init_params(self, name: str) -> list[str]:
        for cname in (name, *self.bases(name)):
            node = self.defs[cname]
            init = next((f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None)
            if init is not None:
                return _params(init)[1:]
            fields = [s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]
            if fields:
                return fields
        return []

    def constants(self, name: str, attr: str) -> list[tuple[ast.ClassDef, str]]:
        out = []
        for cname in self.subclasses(name):
            for s in self.defs[cname].body:
                if (isinstance(s, ast.Assign) and any(isinstance(t, ast.Name) and t.id == attr for t in s.targets)
                        and isinstance(s.value, ast.Constant) and isinstance(s.value.value, str)):
                    out.append((self.defs[cname], s.value.value))
        return out


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _from(slot: Slot, dotted: str) -> bool:
    """Whether ``dotted`` (``X.name`` of an import) is ``slot``'s module or a package above it,
    or ``name`` is the slot's callable in (a package above) its module."""
    module, _, name = dotted.rpartition(".")
    return _within(slot.module, dotted) or (name == slot.func and _within(slot.module, module))


def _candidates(mod: _Module, call: ast.Call, slots: set[Slot], classes: _Classes) -> list[Slot]:
    """The key slots ``call`` may be a call of: a function or class of this module or imported,
    ``module.f``, ``self.method``, ``super().__init__`` or, on any other object, a method."""
    f = call.func
    top = [s for s in slots if not s.local and (s.owner is None or s.owner == s.func)]
    if isinstance(f, ast.Name):
        here = [s for s in slots if s.func == f.id and s.module == mod.name and s.owner in (None, s.func)]
        imported = mod.imported.get(f.id)
        return here or [s for s in top if s.func == f.id and imported and _from(s, imported)]
    if not isinstance(f, ast.Attribute):
        return []
    cls = _enclosing(mod, call, (ast.ClassDef,))
    if isinstance(f.value, ast.Call) and getattr(f.value.func, "id", None) == "super" and f.attr == "__init__":
        bases = classes.bases(cls.name) if cls else []
        return [s for s in slots if s.owner == s.func and s.owner in bases]
    if isinstance(f.value, ast.Name) and f.value.id in mod.imported:
        return [s for s in top if s.func == f.attr and _from(s, f"{mod.imported[f.value.id]}.{f.attr}")]
    mine = (cls.name, *classes.bases(cls.name)) if cls is not None else ()
    methods = [s for s in slots if s.func == f.attr and s.owner not in (None, s.func)]
    if isinstance(f.value, ast.Name) and f.value.id in ("self", "cls") and cls is not None:
        own = [s for s in methods if s.owner in mine]
        if own:
            return own
    return [s for s in methods if s.owner not in mine]


def _argument(call: ast.Call, slot: Slot) -> ast.AST | None:
    for kw in call.keywords:
        if slot.name is not None and kw.arg == slot.name:
            return kw.value
    if slot.index is not None and slot.index < len(call.args) and not isinstance(call.args[slot.index], ast.Starred):
        return call.args[slot.index]
    return None


def _split(expr: ast.AST) -> tuple[str, ast.AST | None]:
    """(constant start, what follows) of a key expression: a name, ``f"start{name}"`` …"""
    if isinstance(expr, ast.JoinedStr) and expr.values:
        first = expr.values[0]
        start = first.value if isinstance(first, ast.Constant) else ""
        rest = expr.values[1:] if start else expr.values
        return start, rest[0].value if len(rest) == 1 and isinstance(rest[0], ast.FormattedValue) else None
    return "", expr


def _new_slot(mod: _Module, call: ast.Call, slot: Slot, expr: ast.AST) -> Slot | None:
    """The callable around ``call`` whose parameter (or ``self.<attr>``) is passed on as a key."""
    start, inner = _split(expr)
    prefix = slot.prefix + start
    fn = _enclosing(mod, call, (ast.FunctionDef, ast.Lambda))
    if isinstance(inner, ast.Name) and fn is not None and inner.id in _params(fn):
        cls = mod.parents.get(fn)
        method = isinstance(cls, ast.ClassDef)
        params = _params(fn)[1:] if method else _params(fn)
        if isinstance(fn, ast.Lambda):
            target = mod.parents.get(fn)
            names = [t.id for t in getattr(target, "targets", []) if isinstance(t, ast.Name)]
            return Slot(mod.name, names[0], None, params.index(inner.id), inner.id, prefix, True) if names else None
        local = not method and not isinstance(mod.parents.get(fn), ast.Module)
        keyword = None if inner.id in [a.arg for a in fn.args.posonlyargs] else inner.id
        return Slot(mod.name, fn.name, cls.name if method else None, params.index(inner.id), keyword, prefix, local)
    if (isinstance(inner, ast.Attribute) and isinstance(inner.value, ast.Name) and inner.value.id == "self"
            and (cls := _enclosing(mod, call, (ast.ClassDef,))) is not None):
        return Slot(mod.name, cls.name, cls.name, None, inner.attr, prefix)
    return None


def _calls(mods: list[_Module]):
    for mod in mods:
        for node in ast.walk(mod.tree):
            if isinstance(node, ast.Call):
                yield mod, node


def find_slots(mods: list[_Module], classes: _Classes) -> set[Slot]:
    """Every key slot, from ``text`` outwards, until no new one turns up."""
    slots = {Slot("intervisie_widgets.catalog.text_files", "text", None, 0, None, "")}
    while True:
        new = set()
        for mod, call in _calls(mods):
            for slot in _candidates(mod, call, slots, classes):
                expr = _argument(call, slot)
                found = _new_slot(mod, call, slot, expr) if expr is not None else None
                if found is not None and found.prefix.count(".") <= 1:  # keys are <namespace>.<key>
                    index = classes.init_params(found.owner) if found.owner == found.func else None
                    if index is not None:
                        found = Slot(found.module, found.func, found.owner,
                                     index.index(found.name) if found.name in index else None, found.name, found.prefix)
                    new.add(found)
        if new <= slots:
            return slots
        slots |= new


def _constant_uses(mod: _Module) -> list[Use]:
    """Strings that look like ``<texts file>.<key>``, and f-strings that start like one."""
    out = []
    for node in ast.walk(mod.tree):
        where = f"{mod.name}:{getattr(node, 'lineno', '?')}"
        parent = mod.parents.get(node)
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and not isinstance(parent, (ast.Expr, ast.JoinedStr)):  # not a docstring or f-string piece
            m = _KEY.fullmatch(node.value)
            if m and m[1] in NAMESPACES and m[2] not in _FILE_ENDINGS:
                out.append(Use(where, (node.value,)))
        elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
            m = _KEY_START.fullmatch(node.values[0].value)
            if m and m[1] in NAMESPACES and len(node.values) > 1:
                out.append(Use(where, (node.values[0].value,), prefix=True))
    return out


def scan(sources: dict[str, str]) -> set[Use]:
    """Every text key use in ``sources`` (module name → code)."""
    mods = _parse(sources)
    classes = _Classes(mods)
    slots = find_slots(mods, classes)
    uses: set[Use] = set()
    for mod in mods:
        uses |= set(_constant_uses(mod))
    for mod, call in _calls(mods):
        whole, starts = [], []
        for slot in _candidates(mod, call, slots, classes):
            expr = _argument(call, slot)
            if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
                whole.append(slot.prefix + expr.value)
            elif isinstance(expr, ast.JoinedStr) and slot.prefix + _split(expr)[0]:
                starts.append(slot.prefix + _split(expr)[0])
        where = f"{mod.name}:{call.lineno}"
        if whole:
            uses.add(Use(where, tuple(sorted(set(whole)))))
        if starts:
            uses.add(Use(where, tuple(sorted(set(starts))), prefix=True))
    for slot in slots:
        if slot.owner == slot.func:
            for cdef, value in classes.constants(slot.owner, slot.name):
                uses.add(Use(f"class {cdef.name}:{cdef.lineno}", (slot.prefix + value,)))
    return uses


def package_sources() -> dict[str, str]:
    return {".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts): p.read_text(encoding="utf-8")
            for p in sorted(PACKAGE.rglob("*.py"))}


@pytest.fixture(scope="module")
def package_uses() -> set[Use]:
    """The text key uses of the whole package."""
    return scan(package_sources())


def missing(uses: set[Use]) -> list[Use]:
    keys = set(catalog.texts())
    return sorted((u for u in uses if not u.found(keys)), key=lambda u: u.where)


# --------------------------------------------------------------------------- the package
def test_every_key_the_code_uses_exists_in_nl_and_en(package_uses):
    """Every text key (and every f-string key prefix) the package uses is in content/texts with nl and en."""
    assert [f"{u.where}: {' or '.join(u.candidates)}{'…' if u.prefix else ''}" for u in missing(package_uses)] == []
    texts = catalog.texts()
    for use in package_uses:
        for key in use.candidates:
            if not use.prefix and key in texts:
                assert texts[key].nl.strip() and texts[key].en.strip(), key


@pytest.mark.parametrize("key, prefix", [
    ("serve.port_in_use", False),             # ServeError("port_in_use", ...): a class with self.key
    ("storage.unreachable", False),           # class constant kind = "unreachable" of a StoreError subclass
    ("storage.too_new", False),               # StoreError(..., kind="too_new")
    ("reflection.wrong_key", False),          # super().__init__("wrong_key") in DecryptionFailed
    ("questions.problem_other_language", False),  # _problem(..., "other_language") -> Analysis(problem=...)
    ("questions.feedback_advice", False),     # nested def t(key): text(f"questions.{key}")
    ("selector.time_ok", False),              # Reason("time_ok"): a dataclass field
    ("evaluation.too_long", False),           # AnswerError(key, "too_long"): second parameter
    ("exercises.key_question_", True),        # f"exercises.key_question_{level}"
    ("trajectory.warn_past_date", False),     # Notice("trajectory.warn_past_date", ...)
])
def test_the_scan_follows_every_way_a_key_reaches_text(package_uses, key, prefix):
    """The scan resolves each pattern the code uses to pass a key on (so a typo there would be seen)."""
    assert any(key in u.candidates and u.prefix == prefix for u in package_uses)


def test_keys_built_from_a_fixed_list_exist_for_every_member():
    """Keys made from LEVELS and SPEAKERS (f-strings the scan can only check by prefix) exist for every member."""
    texts = catalog.texts()
    wanted = [f"questions.{p}_{lv}" for p in ("level", "rewrite", "about") for lv in LEVELS]
    wanted += [f"exercises.key_question_{lv}" for lv in LEVELS] + [f"speakers.{s}" for s in SPEAKERS]
    assert [k for k in wanted if k not in texts] == []


# --------------------------------------------------------------------------- the scan catches typos
SNIPPET = '''
from intervisie_widgets import catalog

def t(key, lang):
    return catalog.text(f"report.{key}", lang)

class Oops(ValueError):
    kind = "not_a_storage_text"
    def __init__(self, key):
        self.key = key
    def message(self, lang):
        return catalog.text(f"serve.{self.key}", lang)

def show(lang):
    catalog.text("methods.nxet", lang)
    t("tilte", lang)
    Notice("group.warn_nmae_empty")
    raise Oops("bad_prot")

def fine(lang, level):
    catalog.text("methods.next", lang)
    catalog.text(f"questions.level_{level}", lang)
    catalog.text(f"questions.levle_{level}", lang)
'''


def test_the_scan_reports_a_misspelt_key():
    """In a small snippet the scan reports each misspelt key, however it reaches text(), and no correct one."""
    found = {c for u in missing(scan({"snippet": SNIPPET})) for c in u.candidates}
    assert found == {"methods.nxet", "report.tilte", "group.warn_nmae_empty", "serve.bad_prot",
                     "questions.levle_"}


# --------------------------------------------------------------------------- strict texts
def test_the_test_session_is_strict():
    """conftest.py switches strict texts on for the whole test session."""
    assert catalog.strict_texts()


def test_unknown_key_raises_a_clear_error_in_strict_mode(monkeypatch):
    """In strict mode an unknown key raises MissingText (a KeyError) that names the key and the file to add it to."""
    monkeypatch.setenv(catalog.text_files.STRICT_ENV, "1")
    with pytest.raises(catalog.MissingText) as info:
        catalog.text("methods.bestaat_niet", "nl")
    assert isinstance(info.value, KeyError) and info.value.key == "methods.bestaat_niet"
    assert "methods.bestaat_niet" in str(info.value) and "content/texts/methods.yaml" in str(info.value)
    assert catalog.text("methods.next", "en") == catalog.texts()["methods.next"].en


def test_outside_strict_mode_the_key_is_shown_and_logged_once(monkeypatch, caplog):
    """Without strict mode an unknown key is shown as itself, with one warning however often it is asked for."""
    monkeypatch.setenv(catalog.text_files.STRICT_ENV, "0")
    with caplog.at_level(logging.WARNING, logger="intervisie_widgets.catalog.text_files"):
        assert catalog.text("home.nog_niet_vertaald", "nl") == "home.nog_niet_vertaald"
        assert catalog.text("home.nog_niet_vertaald", "en") == "home.nog_niet_vertaald"
    warnings = [r for r in caplog.records if "home.nog_niet_vertaald" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING


def test_browser_test_servers_inherit_strict_texts(tmp_path):
    """The browser tests' server environment keeps INTERVISIE_STRICT_TEXTS, so their kernels are strict too."""
    sys.path.insert(0, str(Path(__file__).parent / "browser"))
    try:
        from browserkit import scratch_env
    finally:
        sys.path.pop(0)
    env = scratch_env(tmp_path)
    assert env["INTERVISIE_STRICT_TEXTS"] == "1"
    kept = ("INTERVISIE_STRICT_TEXTS", "INTERVISIE_DATA_DIR")
    others = [k for k in env if k.startswith("INTERVISIE_") and k not in kept]
    assert others == []
