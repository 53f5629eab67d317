"""PDF forms (reportlab) and barcodes (python-barcode, segno). No Qt here."""
