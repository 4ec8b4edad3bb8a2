FROM node:20-alpine AS build
WORKDIR /app
# The dependency manifests first: they change rarely.
COPY package.json package-lock.json ./
RUN npm ci
# The sources last: they change all the time.
COPY . .
RUN npm run build

FROM nginx:1.13-alpine
COPY --from=build /app/dist /usr/share/nginx/html
