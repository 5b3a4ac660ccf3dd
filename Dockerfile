# copkit — production image (see docs/deploy.md). Same steps as the documented manual deployment.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=copkit.settings.prod PIP_NO_CACHE_DIR=1

# WeasyPrint needs Pango; gettext compiles the translations; DejaVu is the PDF and chart font.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 gettext \
      fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install .
COPY . .
# Build-time steps need a throwaway key and host; the real ones come from the environment.
RUN DJANGO_SECRET_KEY=build-only-$(head -c 48 /dev/urandom | base64 | tr -d '\n') \
    DJANGO_ALLOWED_HOSTS=build.invalid \
    sh -c "python manage.py collectstatic --noinput -v0 && python manage.py compilemessages -v0"

RUN useradd --system --uid 10001 copkit && chown -R copkit /app
USER copkit
EXPOSE 8000
HEALTHCHECK CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health/').status != 200)"
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py load_content && gunicorn -c deploy/gunicorn.conf.py"]
