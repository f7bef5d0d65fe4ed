# Production image for Tillit: gunicorn (web), Celery worker and beat share it.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1

# WeasyPrint needs Pango; fonts for Swedish text in PDFs; poppler for report checks.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
      fonts-dejavu-core postgresql-client \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 tillit
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --upgrade pip
COPY . .
RUN pip install . \
 && DEBUG=0 SECRET_KEY=build-only STATICFILES_BACKEND=whitenoise.storage.CompressedManifestStaticFilesStorage \
      python manage.py collectstatic --no-input \
 && mkdir -p /app/media && chown -R tillit /app/media

USER tillit
ENV STATICFILES_BACKEND=whitenoise.storage.CompressedManifestStaticFilesStorage
EXPOSE 8000
CMD ["gunicorn", "tillit.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]
