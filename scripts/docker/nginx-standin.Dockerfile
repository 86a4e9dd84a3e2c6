# A local stand-in for the official nginx:stable-bookworm image, built by build-base-images.sh from Debian's nginx
# package on the locally built node:20-bookworm-slim, for hosts that cannot pull images. Like the official image it
# reads /etc/nginx/conf.d/*.conf and runs `nginx -g 'daemon off;'`.
FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends nginx-light \
 && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/* \
 && ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
