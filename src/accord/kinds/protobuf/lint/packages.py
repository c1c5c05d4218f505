"""Packages: every file declares a package, versioned in its last component
(``billing.v1``), and lives in the directory its package names (``billing/v1/``).

A version is ``v1``, ``v1beta1``, ``v2alpha``, ``v1p1beta1`` (release-based) or
``v1test...``, as in Google's API versioning guide and buf's PACKAGE_VERSION_SUFFIX.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator

from accord.core.finding import Severity
from accord.kinds.protobuf.lint.base import rule
from accord.kinds.protobuf.model import FILE_PACKAGE, ProtoModel
from accord.lint.rule import Hit, LintOptions

VERSION = re.compile(r"^v[1-9][0-9]*((alpha|beta)[0-9]*|p[1-9][0-9]*(alpha|beta)[0-9]*|"
                     r"test.*)?$")


def versioned(package: str) -> bool:
    """True when the last component of ``package`` is a version (and is not the only
    component: ``v1`` alone names no API)."""
    parts = package.split(".")
    return len(parts) >= 2 and bool(VERSION.match(parts[-1]))


@rule("package-defined", Severity.WARN,
      "Every file declares a package: without one its messages share a global namespace "
      "with every other package-less file, and the gRPC paths of its services carry no "
      "owner or version.",
      "add `package <team>.<api>.v1;` below the syntax line")
def defined(model: ProtoModel, options: LintOptions) -> Iterator[Hit]:
    for file, fdp in model.own():
        if not fdp.package:
            yield Hit(f"file '{model.display.get(file, file)}' declares no package",
                      model.location(file, ()))


@rule("package-versioned", Severity.WARN,
      "A package ends in a version (billing.v1, billing.v1beta1, billing.v2alpha): a "
      "breaking revision then gets a new package (billing.v2) served next to the old one, "
      "instead of breaking every client of the unversioned one.",
      "append the major version to the package (billing -> billing.v1) and move the files "
      "to the matching directory")
def versioned_package(model: ProtoModel, options: LintOptions) -> Iterator[Hit]:
    for file, fdp in model.own():
        if fdp.package and not versioned(fdp.package):
            yield Hit(f"package '{fdp.package}' has no version as its last component",
                      model.location(file, (FILE_PACKAGE,)),
                      f"Rename it to {fdp.package}.v1 (or the version it is at).")


@rule("package-directory-match", Severity.WARN,
      "A file lives in the directory its package names (package billing.v1 in "
      "billing/v1/): Go, Java and buf resolve imports and generated code by this layout. "
      "In a buf repository (a buf.yaml or buf.work.yaml at the contract's top) the "
      "file's directory relative to its module's root must be the package's path, as buf "
      "checks it; elsewhere the file's directory must end with it, and a file at the "
      "root of the contract (a single-file contract) is not checked.",
      "move the file to the directory named by its package, or correct the package")
def directory(model: ProtoModel, options: LintOptions) -> Iterator[Hit]:
    exact = model.module_roots
    for file, fdp in model.own():
        folder = posixpath.dirname(file)
        if not fdp.package or not (folder or exact):
            continue
        expected = fdp.package.replace(".", "/")
        if folder == expected or (not exact and folder.endswith("/" + expected)):
            continue
        yield Hit(f"file '{model.display.get(file, file)}' of package '{fdp.package}' is not "
                  f"in a directory {expected}/", model.location(file, (FILE_PACKAGE,)),
                  f"Move it to {expected}/{posixpath.basename(file)}.")
