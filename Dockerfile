# askwell API / worker image. Build: docker build -t askwell .
# Installs exactly the versions in requirements.lock (hashes checked), then askwell itself.
FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md alembic.ini ./
COPY service ./service
COPY alembic ./alembic
COPY prompts ./prompts
RUN pip install --no-deps . && useradd --create-home --uid 10001 askwell
USER askwell
EXPOSE 8000
# The API's readiness (database reachable, migrations applied). The worker's service in
# docker-compose.yml replaces it with `askwell worker --check`.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2)"]
CMD ["askwell", "serve", "--host", "0.0.0.0", "--port", "8000"]
