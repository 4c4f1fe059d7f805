# askwell API / worker image. Build: docker build -t askwell .
FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY service ./service
COPY alembic ./alembic
COPY prompts ./prompts
RUN pip install . && useradd --create-home --uid 10001 askwell
USER askwell
EXPOSE 8000
CMD ["askwell", "serve", "--host", "0.0.0.0", "--port", "8000"]
