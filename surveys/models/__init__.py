# One module per instrument (hme.py, kompass.py, maturity.py); import their models here.
