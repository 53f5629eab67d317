"""The one-stop forms a dossier can print (``desk-app form FORM``): their names, nothing heavier."""

from __future__ import annotations

FORMS = ("receipt", "supplement", "refusal", "extension", "stop", "control-slip")
