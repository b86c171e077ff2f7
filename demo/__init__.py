"""Demo data (``manage.py load_demo``) and benchmark data (``manage.py load_bench_data``).

The demo is built through the apps' services, so it follows their rules; :mod:`demo.data` holds
the data, extracted from the German seed texts in ``shared/seeds/``.
"""
