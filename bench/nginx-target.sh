# A fast HTTP target for probes: nginx on 127.0.0.1:<port> answering 200 with a 2-byte body, one worker, no logs.
# Sourced by the benchmark scripts:  start_target <dir> <port>  /  stop_target <dir>
start_target() {
  mkdir -p "$1"
  cat > "$1/nginx.conf" <<CONF
worker_processes 1;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 4096; }
http { access_log off; server { listen 127.0.0.1:$2 reuseport; location / { return 200 "ok"; } } }
CONF
  nginx -c "$1/nginx.conf"
}

stop_target() { nginx -c "$1/nginx.conf" -s stop 2>/dev/null || true; }

# A loopback port nobody listens on now, from the kernel: no bench assumes a fixed port is free.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
