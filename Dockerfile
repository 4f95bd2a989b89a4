# One image for every Boardwatch process; docker-compose.yml picks the command (web, worker, migrate).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY . .
RUN npm ci --no-audit --no-fund && npm run build
ENV NODE_ENV=production
EXPOSE 3000 9464
CMD ["npm", "run", "start:web"]
