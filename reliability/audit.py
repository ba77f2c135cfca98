"""Dependency audit: pip-audit over the project's environment, PyPI's advisory data.

Fails on any known vulnerability. A package the advisory service cannot look up
(no network, or a registry mirror that serves no per-version data) is counted
and reported, not failed on: CI must not break because a service is out of
reach, but the report says plainly how much was really audited.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def main() -> int:
    pip_audit = Path(sys.executable).parent / "pip-audit"
    try:
        run = subprocess.run([str(pip_audit), "--skip-editable", "--progress-spinner", "off", "--format", "json",
                              "--timeout", "10"], capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        print("pip-audit did not finish in 300 s (advisory service unreachable?); nothing audited")
        return 0
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        print(f"pip-audit could not run or reach its advisory service; nothing audited:\n{run.stderr.strip()}")
        return 0
    dependencies = report["dependencies"]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            print(f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})")
    audited = len(dependencies) - len(skipped)
    print(f"pip-audit: {audited} of {len(dependencies)} packages audited, {len(vulnerable)} with known vulnerabilities")
    if skipped and not audited:
        print("WARNING: the advisory service knew none of the installed versions (unreachable, or a mirror "
              "without per-version data): this run audited nothing")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
