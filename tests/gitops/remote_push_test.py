#!/usr/bin/env python3
"""publish --push against real servers on loopback, each started here and stopped by pid:

- smart HTTP: git-http-backend under fcgiwrap behind nginx, basic auth, TLS with a test CA
  (certificate for the DNS name localhost: libgit2's mbedTLS does not match IP SANs);
- SSH: OpenSSH's sshd on a free port with a throwaway ed25519 host key and authorized
  ed25519, ECDSA (with a passphrase) and RSA deploy keys, and an ssh-agent.

Every case reads the result back from the server's repository with the git CLI. The failures
(wrong token, no credentials, untrusted certificate, unknown host key, a key the server does
not know, an RSA key, a ref a hook rejects) must exit 4 with a message that says what to do,
must leave the remote's branch as it was, and must never print a secret.

Usage: remote_push_test.py KMETAL PROJECT_DIR
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

KMETAL = os.path.abspath(sys.argv[1])
PROJECT = os.path.abspath(sys.argv[2])
SPEC = os.path.join(PROJECT, "examples", "dc1")
WORK = tempfile.mkdtemp(prefix="kmetal-remote-")
HOME = os.path.join(WORK, "home")
SRV = os.path.join(WORK, "srv")
SECRETS = ["tok-RIGHT-7c1e", "tok-WRONG-9f3a", "url-PASS-5d2b", "pp-ECDSA-31a7"]

# A clean environment: no token, agent or git config of the machine running the suite.
BASE_ENV = {k: v for k, v in os.environ.items()
            if k not in ("KMETAL_GIT_TOKEN", "KMETAL_GIT_USERNAME", "GITHUB_TOKEN", "CI_JOB_TOKEN",
                         "SSH_AUTH_SOCK", "KMETAL_SSH_PASSPHRASE", "GIT_ASKPASS", "SSH_ASKPASS")}
BASE_ENV.update(HOME=HOME, GIT_CONFIG_NOSYSTEM="1", SOURCE_DATE_EPOCH="1700000000",
                XDG_CONFIG_HOME=os.path.join(HOME, ".config"))

servers = []
failures = []
checks = 0


def sh(*args, env=None, cwd=None):
    return subprocess.run(args, env=env or BASE_ENV, cwd=cwd, capture_output=True, text=True,
                          check=True).stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, ready, proc, seconds=10):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if ready():
            return
        if proc.poll() is not None:
            break
        time.sleep(0.02)
    raise SystemExit(f"remote_push_test: {what} did not start (exit {proc.poll()})")


def listening(port):
    def ready():
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", port)) == 0
    return ready


def accepting(path):
    """Ready when the Unix socket at `path` accepts a connection (it exists a moment before)."""
    def ready():
        with socket.socket(socket.AF_UNIX) as s:
            return s.connect_ex(path) == 0
    return ready


def start(args, what, ready, env=None):
    log = open(os.path.join(WORK, what + ".log"), "w")
    proc = subprocess.Popen(args, env=env or BASE_ENV, stdout=log, stderr=subprocess.STDOUT)
    servers.append(proc)
    wait_for(what, ready, proc)
    return proc


def check(name, condition, detail=""):
    global checks
    checks += 1
    if not condition:
        failures.append(f"{name}: {detail}")


def remote_main(repo):
    p = subprocess.run(("git", "--git-dir", os.path.join(SRV, repo), "rev-parse", "--verify",
                        "--quiet", "refs/heads/main"), capture_output=True, text=True, env=BASE_ENV)
    return p.stdout.strip() or None


def new_remote(name, hook=None):
    path = os.path.join(SRV, name)
    sh("git", "init", "-q", "--bare", path)
    if hook:
        with open(os.path.join(path, "hooks", "pre-receive"), "w") as f:
            f.write(hook)
        os.chmod(os.path.join(path, "hooks", "pre-receive"), 0o755)
    return name


def ssh_lsan_options(options):
    """LSAN_OPTIONS with tests/lsan_ssh.supp added to the suppressions file it names."""
    combined = os.path.join(WORK, "lsan_ssh.supp")
    parts = []
    text = open(os.path.join(PROJECT, "tests", "lsan_ssh.supp")).read()
    for part in options.split(":"):
        if part.startswith("suppressions="):
            text = open(part[len("suppressions="):]).read() + text
        else:
            parts.append(part)
    with open(combined, "w") as f:
        f.write(text)
    return ":".join(parts + ["suppressions=" + combined])


def push(case, url, *flags, env=None, expect_exit=0, expect=(), remote=None):
    e = dict(BASE_ENV, **(env or {}))
    # Under LeakSanitizer, libgit2 1.5.1's own leaks on every SSH connection are suppressed for
    # the SSH cases alone (tests/lsan_ssh.supp says which).
    if url.startswith("ssh://") and "LSAN_OPTIONS" in e:
        e["LSAN_OPTIONS"] = ssh_lsan_options(e["LSAN_OPTIONS"])
    p = subprocess.run((KMETAL, "publish", SPEC, "--repo", LOCAL, "--push", url) + flags,
                       env=e, capture_output=True, text=True, timeout=120)
    out = p.stdout + p.stderr
    check(case + ": exit", p.returncode == expect_exit,
          f"exit {p.returncode}, want {expect_exit}\n{out}")
    for words in expect:
        check(case + ": says " + repr(words), words in out, out)
    for secret in SECRETS:
        check(case + ": hides a secret", secret not in out, f"{secret!r} printed:\n{out}")
    if remote:
        want = LOCAL_MAIN if expect_exit == 0 else None
        check(case + ": the remote's main", remote_main(remote) == want,
              f"{remote_main(remote)} (want {want})")
    return out


try:
    os.makedirs(os.path.join(HOME, ".ssh"), mode=0o700)
    os.makedirs(SRV)
    open(os.path.join(HOME, ".gitconfig"), "w").close()

    # The local repository, with the branch to push.
    LOCAL = os.path.join(WORK, "local.git")
    sh("git", "init", "-q", "-b", "main", "--bare", LOCAL)
    sh("git", "-C", LOCAL, "config", "user.name", "kmetal test")
    sh("git", "-C", LOCAL, "config", "user.email", "test@kmetal.invalid")
    sh(KMETAL, "publish", SPEC, "--repo", LOCAL)
    LOCAL_MAIN = sh("git", "-C", LOCAL, "rev-parse", "main").strip()

    # ---- smart HTTP over TLS ----
    tls = os.path.join(WORK, "tls")
    os.makedirs(tls)
    sh("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
       "-nodes", "-keyout", f"{tls}/ca.key", "-out", f"{tls}/ca.pem", "-days", "2",
       "-subj", "/CN=kmetal test CA")
    sh("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
       "-keyout", f"{tls}/server.key", "-out", f"{tls}/server.csr", "-subj", "/CN=localhost")
    with open(f"{tls}/san.ext", "w") as f:
        f.write("subjectAltName=DNS:localhost\n")
    sh("openssl", "x509", "-req", "-in", f"{tls}/server.csr", "-CA", f"{tls}/ca.pem",
       "-CAkey", f"{tls}/ca.key", "-CAcreateserial", "-out", f"{tls}/server.pem", "-days", "2",
       "-extfile", f"{tls}/san.ext")
    hashed = sh("openssl", "passwd", "-apr1", SECRETS[0]).strip()
    with open(f"{WORK}/htpasswd", "w") as f:
        f.write(f"deploy:{hashed}\n")
    fcgi = f"{WORK}/fcgi.sock"
    start(["fcgiwrap", "-c", "2", "-s", "unix:" + fcgi], "fcgiwrap", accepting(fcgi))
    os.chmod(fcgi, 0o777)
    https_port = free_port()
    temp = f"{WORK}/nginx-temp"
    os.makedirs(temp)
    user = "user root;" if os.geteuid() == 0 else ""
    with open(f"{WORK}/nginx.conf", "w") as f:
        f.write(f"""{user}
worker_processes 1;
daemon off;
pid {WORK}/nginx.pid;
error_log {WORK}/nginx-error.log;
events {{}}
http {{
  access_log off;
  client_body_temp_path {temp}/body;
  fastcgi_temp_path {temp}/fastcgi;
  proxy_temp_path {temp}/proxy;
  uwsgi_temp_path {temp}/uwsgi;
  scgi_temp_path {temp}/scgi;
  client_max_body_size 0;
  server {{
    listen 127.0.0.1:{https_port} ssl;
    server_name localhost;
    ssl_certificate {tls}/server.pem;
    ssl_certificate_key {tls}/server.key;
    location / {{
      auth_basic "git";
      auth_basic_user_file {WORK}/htpasswd;
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME /usr/lib/git-core/git-http-backend;
      fastcgi_param GIT_PROJECT_ROOT {SRV};
      fastcgi_param GIT_HTTP_EXPORT_ALL "";
      fastcgi_param REMOTE_USER $remote_user;
      fastcgi_param PATH_INFO $uri;
      fastcgi_pass unix:{fcgi};
    }}
  }}
}}
""")
    start(["nginx", "-p", WORK, "-c", f"{WORK}/nginx.conf", "-e", f"{WORK}/nginx-error.log"],
          "nginx", listening(https_port))
    base = f"https://localhost:{https_port}"
    ca = ("--ca-bundle", f"{tls}/ca.pem")
    token = {"KMETAL_GIT_TOKEN": SECRETS[0], "KMETAL_GIT_USERNAME": "deploy"}

    out = push("https token", f"{base}/token.git", *ca, env=token, remote=new_remote("token.git"),
               expect=(f"Pushed main to {base}/token.git.",))
    push("https wrong token", f"{base}/wrong.git", *ca, remote=new_remote("wrong.git"),
         env={"KMETAL_GIT_TOKEN": SECRETS[1], "KMETAL_GIT_USERNAME": "deploy"}, expect_exit=4,
         expect=("KM5005", "refused the credentials of KMETAL_GIT_TOKEN for user deploy"))
    push("https no credentials", f"{base}/none.git", *ca, remote=new_remote("none.git"),
         expect_exit=4, expect=(f"no credentials for localhost:{https_port}", "KMETAL_GIT_TOKEN"))
    push("https untrusted certificate", f"{base}/untrusted.git", env=token,
         remote=new_remote("untrusted.git"), expect_exit=4,
         expect=("TLS certificate of localhost is not trusted", "--ca-bundle"))
    push("https password in the url", f"https://deploy:{SECRETS[2]}@localhost:{https_port}/url.git",
         *ca, remote=new_remote("url.git"), expect_exit=4,
         expect=(f"https://deploy:***@localhost:{https_port}/url.git",))
    # git's credential helpers, when no token is set: a helper of ours that answers `get` with
    # the password in a file and logs each action git asks of it, so the test sees that it was
    # asked, and told afterwards whether the password worked (`store`) or not (`erase`).
    helper_log = f"{WORK}/helper.log"
    helper_password = f"{WORK}/helper.password"
    with open(f"{WORK}/helper.sh", "w") as f:
        f.write(f"""#!/bin/sh
echo "$1" >> {helper_log}
[ "$1" = get ] && printf 'username=deploy\\npassword=%s\\n' "$(cat {helper_password})"
exit 0
""")
    os.chmod(f"{WORK}/helper.sh", 0o755)
    sh("git", "config", "--global", "credential.helper", f"{WORK}/helper.sh")

    def helper_case(case, password, repo, **expectations):
        with open(helper_password, "w") as f:
            f.write(password)
        open(helper_log, "w").close()
        push(case, f"{base}/{repo}", *ca, remote=new_remote(repo), **expectations)
        return open(helper_log).read().split()

    actions = helper_case("https credential helper", SECRETS[0], "helper.git")
    check("the helper is asked, then told the password worked", actions == ["get", "store"],
          str(actions))
    actions = helper_case("https credential helper refused", SECRETS[1], "refused.git",
                          expect_exit=4,
                          expect=("refused the credentials of git credential fill for user deploy",))
    check("the helper is asked, then told the password failed", actions == ["get", "erase"],
          str(actions))
    sh("git", "config", "--global", "--unset", "credential.helper")
    hook = "#!/bin/sh\necho 'main is protected: merge through a pull request'\nexit 1\n"
    push("https rejected by a hook", f"{base}/hooked.git", *ca, env=token,
         remote=new_remote("hooked.git", hook), expect_exit=4,
         expect=("pre-receive hook declined", "main is protected: merge through a pull request"))

    # ---- SSH ----
    if os.geteuid() == 0:
        os.makedirs("/run/sshd", exist_ok=True)
    keys = f"{WORK}/keys"
    os.makedirs(keys)
    sh("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", f"{keys}/host", "-C", "")
    sh("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", f"{keys}/ed25519", "-C", "")
    sh("ssh-keygen", "-q", "-t", "ecdsa", "-N", SECRETS[3], "-f", f"{keys}/ecdsa", "-C", "")
    sh("ssh-keygen", "-q", "-t", "rsa", "-b", "3072", "-N", "", "-f", f"{keys}/rsa", "-C", "")
    sh("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", f"{keys}/stranger", "-C", "")
    with open(f"{keys}/authorized_keys", "w") as f:
        for k in ("ed25519", "ecdsa", "rsa"):
            f.write(open(f"{keys}/{k}.pub").read())
    ssh_port = free_port()
    with open(f"{WORK}/sshd_config", "w") as f:
        f.write(f"""Port {ssh_port}
ListenAddress 127.0.0.1
HostKey {keys}/host
PidFile {WORK}/sshd.pid
AuthorizedKeysFile {keys}/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
LogLevel VERBOSE
""")
    start(["/usr/sbin/sshd", "-D", "-e", "-f", f"{WORK}/sshd_config"], "sshd",
          listening(ssh_port))
    host_key = open(f"{keys}/host.pub").read().split()[:2]
    known = f"[localhost]:{ssh_port} {host_key[0]} {host_key[1]}\n"
    with open(os.path.join(HOME, ".ssh", "known_hosts"), "w") as f:
        f.write(known)
    login = subprocess.run(["id", "-un"], capture_output=True, text=True).stdout.strip()
    url = lambda repo: f"ssh://{login}@localhost:{ssh_port}{SRV}/{repo}"

    push("ssh ed25519 key", url("ed25519.git"), "--ssh-key", f"{keys}/ed25519",
         remote=new_remote("ed25519.git"))
    push("ssh ecdsa key with a passphrase", url("ecdsa.git"), "--ssh-key", f"{keys}/ecdsa",
         env={"KMETAL_SSH_PASSPHRASE": SECRETS[3]}, remote=new_remote("ecdsa.git"))
    agent_sock = f"{WORK}/agent.sock"
    start(["ssh-agent", "-D", "-a", agent_sock], "ssh-agent", accepting(agent_sock))
    agent_env = dict(BASE_ENV, SSH_AUTH_SOCK=agent_sock)
    sh("ssh-add", "-q", f"{keys}/ed25519", env=agent_env)
    push("ssh through the agent", url("agent.git"), env={"SSH_AUTH_SOCK": agent_sock},
         remote=new_remote("agent.git"))
    other_known = f"{WORK}/known_hosts"
    with open(other_known, "w") as f:
        f.write(known)
    with open(os.path.join(HOME, ".ssh", "known_hosts"), "w") as f:
        f.write("")
    push("ssh host key from --known-hosts", url("file.git"), "--ssh-key", f"{keys}/ed25519",
         "--known-hosts", other_known, remote=new_remote("file.git"))
    push("ssh unknown host key", url("unknown.git"), "--ssh-key", f"{keys}/ed25519",
         remote=new_remote("unknown.git"), expect_exit=4,
         expect=(f"the host key of localhost:{ssh_port} is not in {HOME}/.ssh/known_hosts",
                 f"ssh-keyscan -p {ssh_port} localhost"))
    stranger_host = f"{WORK}/changed_known_hosts"
    with open(stranger_host, "w") as f:
        f.write(f"[localhost]:{ssh_port} " + " ".join(open(f"{keys}/stranger.pub").read().split()[:2]) + "\n")
    push("ssh changed host key", url("changed.git"), "--ssh-key", f"{keys}/ed25519",
         "--known-hosts", stranger_host, remote=new_remote("changed.git"), expect_exit=4,
         expect=("does not match the one in " + stranger_host,))
    push("ssh key the server does not know", url("stranger.git"), "--ssh-key",
         f"{keys}/stranger", "--known-hosts", other_known, remote=new_remote("stranger.git"),
         expect_exit=4, expect=(f"refused the key {keys}/stranger",))
    push("ssh rsa key", url("rsa.git"), "--ssh-key", f"{keys}/rsa", "--known-hosts", other_known,
         remote=new_remote("rsa.git"), expect_exit=4,
         expect=("it is an RSA key", "use an ed25519 or ECDSA key"))
    push("ssh rejected by a hook", url("sshhook.git"), "--ssh-key", f"{keys}/ed25519",
         "--known-hosts", other_known, remote=new_remote("sshhook.git", hook), expect_exit=4,
         expect=("pre-receive hook declined", "main is protected: merge through a pull request"))
finally:
    for proc in reversed(servers):
        proc.kill()
        proc.wait()
    if failures:
        for name in ("nginx-error.log", "sshd.log", "fcgiwrap.log"):
            path = os.path.join(WORK, name)
            if os.path.exists(path):
                print(f"--- {name}\n" + open(path).read()[-3000:])
    shutil.rmtree(WORK, ignore_errors=True)

for f in failures:
    print("FAILED:", f)
print(f"{checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
