"""What the guide produces ahead of time (copkit/core/prebuild.py): its PDFs, typeset by the
worker when its texts change (guide/pdf.py)."""

from guide import pdf

PREBUILD = {"all": pdf.build_all, "pdf": pdf.build_file}
