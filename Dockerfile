FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_CACHE_DIR=/tmp/marsad-cache
WORKDIR /app
COPY pyproject.toml README.md ./
COPY catalogue ./catalogue
COPY events ./events
RUN pip install --no-cache-dir .
COPY . .
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
RUN useradd --create-home marsad && chown -R marsad /app
USER marsad
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py load_gazetteers && gunicorn catalogue.wsgi -c gunicorn.conf.py"]
