# The `gpu` profile's lab worker: the worker image plus @tensorflow/tfjs-node-gpu on a CUDA base image.
# NOT RUN ON A GPU: no CUDA image can be pulled or built where this was written; docker-compose.yml's gpu profile is
# validated by `docker-compose config` only. tfjs-node-gpu 4.22.0 downloads libtensorflow-gpu 2.9.1 at install,
# which is built for CUDA 11.2 and cuDNN 8.1: CUDA_IMAGE must provide those libraries (the default names NVIDIA's
# runtime image for them; use a newer 11.x cuDNN 8 image if that tag is gone).
# Build the worker image first (docker compose build worker), then: docker compose --profile gpu up -d worker-gpu
ARG WORKER_IMAGE=recurrence-worker:local
ARG CUDA_IMAGE=nvidia/cuda:11.2.2-cudnn8-runtime-ubuntu20.04

FROM ${WORKER_IMAGE} AS app
USER root
# Installed beside the app and merged into its node_modules; the install script downloads libtensorflow-gpu.
RUN mkdir /tmp/gpu && cd /tmp/gpu && echo '{"private":true}' >package.json \
 && npm install --no-audit --no-fund --ignore-scripts @tensorflow/tfjs-node-gpu@4.22.0 \
 && (cd node_modules/@tensorflow/tfjs-node-gpu && node scripts/install.js gpu download) \
 && cp -a -n node_modules/. /app/node_modules/ && rm -rf /tmp/gpu /root/.npm

FROM ${CUDA_IMAGE}
# Node from the worker image (glibc ≥ 2.28: Ubuntu 20.04 has 2.31).
COPY --from=app /usr/local/bin/node /usr/local/bin/node
COPY --from=app /app /app
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --create-home node && chown node:node /app/data
ENV NODE_ENV=production LAB_WORKER_HEARTBEAT_FILE=/tmp/lab-worker-alive
WORKDIR /app
USER node
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "const f=process.env.LAB_WORKER_HEARTBEAT_FILE;process.exit(Date.now()-require('fs').statSync(f).mtimeMs<45000?0:1)"]
CMD ["node", "apps/api/dist/lab-queue-worker.js"]
