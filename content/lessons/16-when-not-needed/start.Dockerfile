# Two stages, the same base image in both, and nothing left behind in the first.
FROM python:3.12-slim AS build
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir --target /app/deps -r requirements.txt

FROM python:3.12-slim
WORKDIR /app
COPY --from=build /app /app
ENV PYTHONPATH=/app/deps
CMD ["python", "app.py"]
