#!/usr/bin/env python3
"""The compiler's layering, checked: every `#include "compiler/<layer>/..."` must follow a link
the including target declares in CMake, and links may only point down the pipeline.

The include path is the source root for every target, so the compiler alone would accept any
include: this check is what makes the layering hold. A source file belongs to its folder's
library; a `*_test.cpp` belongs to the folder's test executable, which may use what that
executable links. Before checking the real tree, the check is run on copies of it with one
include planted against the layering per layer, and must reject each of them.

Usage: layering.py SOURCE_DIR
"""
import re
import sys
from pathlib import Path

# The pipeline, lowest first. A target may link only layers before its own.
ORDER = ["base", "frontend", "ir", "backends", "emit", "gitops", "driver"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"compiler/([a-z_]+)/', re.M)
LINK_CALL = re.compile(r"target_link_libraries\(\s*([A-Za-z0-9_]+)([^)]*)\)", re.S)


def declared_links(cmake_text):
    """target name -> the kmetal layers it links (PUBLIC or PRIVATE alike)."""
    links = {}
    for target, body in LINK_CALL.findall(cmake_text):
        layers = re.findall(r"\bkmetal_([a-z]+)\b", body)
        links.setdefault(target, set()).update(l for l in layers if l in ORDER)
    return links


def target_of(layer, path):
    if layer == "driver" and path.name == "main.cpp":
        return "kmetal"
    return f"kmetal_{layer}_test" if path.name.endswith("_test.cpp") else f"kmetal_{layer}"


def violations(sources, cmake):
    """sources: {relative path: text}; cmake: {layer: CMakeLists text}. Returns messages."""
    found = []
    links = {layer: declared_links(text) for layer, text in cmake.items()}
    for layer, targets in links.items():
        for target, linked in sorted(targets.items()):
            if target.endswith("_test") or target == "kmetal":
                continue  # a test or the executable may link anything below it or beside it
            for dep in sorted(linked):
                if ORDER.index(dep) >= ORDER.index(layer):
                    found.append(f"compiler/{layer}/CMakeLists.txt: {target} links kmetal_{dep}, "
                                 f"which is not below {layer} in {' <- '.join(ORDER)}")
    for rel, text in sorted(sources.items()):
        path = Path(rel)
        layer = path.parts[1]
        if layer not in ORDER:
            found.append(f"{rel}: folder {layer} is not a layer of {ORDER}")
            continue
        target = target_of(layer, path)
        allowed = {layer} | links.get(layer, {}).get(target, set())
        if target != f"kmetal_{layer}":
            # a test or the executable links its own folder's library, and through it what
            # that library links
            allowed |= links.get(layer, {}).get(f"kmetal_{layer}", set())
        for line_no, line in enumerate(text.splitlines(), 1):
            m = INCLUDE.match(line)
            if m and m.group(1) not in allowed:
                found.append(f"{rel}:{line_no}: includes compiler/{m.group(1)}/, "
                             f"but {target} does not link kmetal_{m.group(1)}")
    return found


def load(root):
    sources = {}
    for pattern in ("*.cpp", "*.h"):
        for p in (root / "compiler").rglob(pattern):
            sources[str(p.relative_to(root))] = p.read_text(encoding="utf-8")
    cmake = {layer: (root / "compiler" / layer / "CMakeLists.txt").read_text(encoding="utf-8")
             for layer in ORDER}
    return sources, cmake


def main():
    root = Path(sys.argv[1])
    sources, cmake = load(root)

    # The check must be able to fail: one upward include planted in each layer but the top,
    # and one upward link, are each rejected.
    for layer in ORDER[:-1]:
        victim = next(rel for rel in sorted(sources)
                      if Path(rel).parts[1] == layer and not rel.endswith("_test.cpp"))
        planted = dict(sources)
        planted[victim] = '#include "compiler/driver/pipeline.h"\n' + sources[victim]
        if not any(v.startswith(f"{victim}:1:") for v in violations(planted, cmake)):
            print(f"FAILED: an include of compiler/driver/ planted in {victim} was not caught")
            return 1
    upward = dict(cmake)
    upward["base"] = cmake["base"] + "\ntarget_link_libraries(kmetal_base PRIVATE kmetal_ir)\n"
    if not any("kmetal_base links kmetal_ir" in v for v in violations(sources, upward)):
        print("FAILED: a link from kmetal_base to kmetal_ir was not caught")
        return 1

    found = violations(sources, cmake)
    for v in found:
        print(v)
    if found:
        return 1
    print(f"layering holds: {len(sources)} files, {' <- '.join(ORDER)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
