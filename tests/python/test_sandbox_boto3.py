"""Acceptance: `userdesk sandbox --listen 127.0.0.1:PORT` answers boto3 and the AWS CLI for the
five user update operations -- success on valid input, the service's own error code on invalid
input.

The clients are the unmodified boto3 / awscli releases pinned in requirements.txt, pointed at
the sandbox with `endpoint_url`, so these tests exercise the wire protocols exactly as a user
of the AWS tools would. Every id comes from the services' own list operations, never from the
sandbox's seed code, so the tests hold whatever the seed contains.

Run from the workspace root, after `scripts/python-env.sh` and `cargo build -p server`
(with the CARGO_TARGET_DIR the build used):

    .venv/bin/python -m pytest -q tests/python

Environment:
    USERDESK_BIN  the userdesk binary (default: $CARGO_TARGET_DIR/debug/userdesk, else
                  <workspace>/target/debug/userdesk)
    USERDESK_AWS  the AWS CLI (default: `aws` beside this interpreter, i.e. the venv's)
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import botocore.config
import botocore.exceptions
import pytest

WORKSPACE = Path(__file__).resolve().parents[2]
REGION = "us-east-1"
# Static dummy credentials: the sandbox accepts any well-formed SigV4 signature.
CREDENTIALS = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}
# What every test and the CLI run with, so a developer's own AWS config never leaks in
# (a profile's endpoint, region or credential process would change what is tested).
AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "test",
    "AWS_SECRET_ACCESS_KEY": "test",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_PAGER": "",
    # The sandbox is on loopback: a proxy configured for the machine must not be asked.
    "NO_PROXY": "127.0.0.1,localhost",
}


def userdesk_binary() -> Path:
    if "USERDESK_BIN" in os.environ:
        return Path(os.environ["USERDESK_BIN"])
    target = Path(os.environ.get("CARGO_TARGET_DIR", WORKSPACE / "target"))
    return target / "debug" / "userdesk"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method: str, url: str) -> int:
    request = urllib.request.Request(url, method=method)
    with urllib.request.urlopen(request, timeout=2) as response:
        return response.status


@pytest.fixture(scope="session", autouse=True)
def aws_env():
    """Isolates the whole session from the developer's AWS configuration."""
    saved = {k: os.environ.get(k) for k in AWS_ENV}
    os.environ.update(AWS_ENV)
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def sandbox_url(tmp_path_factory):
    """Starts `userdesk sandbox` on a free loopback port for the session and stops it after."""
    binary = userdesk_binary()
    if not binary.is_file():
        pytest.fail(
            f"{binary} does not exist: build it with `cargo build -p server`, and give this "
            "run the same CARGO_TARGET_DIR (or USERDESK_BIN, the binary itself)"
        )
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = tmp_path_factory.mktemp("sandbox") / "sandbox.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(binary), "sandbox", "--listen", f"127.0.0.1:{port}"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"userdesk sandbox exited with {process.returncode} before answering; "
                    f"its output:\n{log_path.read_text(errors='replace')}"
                )
            try:
                if http("GET", f"{url}/_sandbox/health") == 200:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"userdesk sandbox did not answer {url}/_sandbox/health within 30 s")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def client(sandbox_url):
    """`client("mq")`: a boto3 client aimed at the sandbox, without retries so the first
    answer is the one asserted on. Using it also puts the sandbox back to its seed, without
    injected faults, so each test starts from the same data whatever ran before."""
    assert http("POST", f"{sandbox_url}/_sandbox/reset") in (200, 204)
    assert http("DELETE", f"{sandbox_url}/_sandbox/faults") in (200, 204)

    def make(service: str):
        return boto3.session.Session(region_name=REGION, **CREDENTIALS).client(
            service,
            endpoint_url=sandbox_url,
            config=botocore.config.Config(retries={"mode": "standard", "total_max_attempts": 1}),
        )

    return make


def error_code(excinfo) -> str:
    return excinfo.value.response["Error"]["Code"]


# ---- seeded ids, discovered through each service's own list operations ----------------------


def first_memorydb_user(memorydb) -> dict:
    # The built-in `default` user cannot be modified on AWS; pick a real one.
    users = [u for u in memorydb.describe_users()["Users"] if u["Name"] != "default"]
    assert users, "the sandbox seeds MemoryDB users"
    return users[0]


def first_mq_user(mq) -> tuple[str, str]:
    brokers = mq.list_brokers()["BrokerSummaries"]
    # User APIs exist for ActiveMQ brokers only (RabbitMQ users live in RabbitMQ itself).
    active = [b for b in brokers if b.get("EngineType") == "ACTIVEMQ"]
    assert active, "the sandbox seeds an ActiveMQ broker"
    broker_id = active[0]["BrokerId"]
    users = mq.list_users(BrokerId=broker_id)["Users"]
    assert users, "the seeded broker has users"
    return broker_id, users[0]["Username"]


def first_finspace_user(finspace) -> tuple[str, dict]:
    environments = finspace.list_kx_environments()["environments"]
    assert environments, "the sandbox seeds a kdb environment"
    environment_id = environments[0]["environmentId"]
    users = finspace.list_kx_users(environmentId=environment_id)["users"]
    assert users, "the seeded environment has users"
    return environment_id, users[0]


def first_identitystore_user(client) -> tuple[str, dict]:
    # The identity store id comes from IAM Identity Center's instance, as in a real account.
    instances = client("sso-admin").list_instances()["Instances"]
    assert instances, "the sandbox seeds an Identity Center instance"
    store_id = instances[0]["IdentityStoreId"]
    users = client("identitystore").list_users(IdentityStoreId=store_id)["Users"]
    assert users, "the seeded identity store has users"
    return store_id, users[0]


def first_wickr_user(wickr) -> tuple[str, dict]:
    networks = wickr.list_networks()["networks"]
    assert networks, "the sandbox seeds a Wickr network"
    network_id = networks[0]["networkId"]
    users = wickr.list_users(networkId=network_id)["users"]
    assert users, "the seeded network has users"
    return network_id, users[0]


# ---- MemoryDB UpdateUser (awsJson1_1) ---------------------------------------------------------


def test_memorydb_update_user_succeeds(client):
    memorydb = client("memorydb")
    user = first_memorydb_user(memorydb)
    access = "on ~app:* +@read"
    updated = memorydb.update_user(UserName=user["Name"], AccessString=access)["User"]
    assert updated["Name"] == user["Name"]
    assert updated["AccessString"] == access
    described = memorydb.describe_users(UserName=user["Name"])["Users"][0]
    assert described["AccessString"] == access


def test_memorydb_update_user_rejects_a_short_password(client):
    memorydb = client("memorydb")
    user = first_memorydb_user(memorydb)
    # Passwords must be 16-128 characters; botocore does not check item lengths, the service does.
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        memorydb.update_user(
            UserName=user["Name"],
            AuthenticationMode={"Type": "password", "Passwords": ["too-short"]},
        )
    assert error_code(excinfo) == "InvalidParameterValueException"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


# ---- Amazon MQ UpdateUser (restJson1) ---------------------------------------------------------


def test_mq_update_user_succeeds(client):
    mq = client("mq")
    broker_id, username = first_mq_user(mq)
    response = mq.update_user(BrokerId=broker_id, Username=username, Groups=["userdesk-test"])
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    # ActiveMQ applies user changes at the next reboot: the new groups show under Pending.
    described = mq.describe_user(BrokerId=broker_id, Username=username)
    assert described["Username"] == username
    assert described["Pending"]["Groups"] == ["userdesk-test"]
    assert described["Pending"]["PendingChange"] in ("CREATE", "UPDATE")


def test_mq_update_user_rejects_a_short_password(client):
    mq = client("mq")
    broker_id, username = first_mq_user(mq)
    # At least 12 characters: botocore has no such rule, so only the service can refuse it.
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        mq.update_user(BrokerId=broker_id, Username=username, Password="short")
    assert error_code(excinfo) == "BadRequestException"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


# ---- FinSpace UpdateKxUser (restJson1) --------------------------------------------------------


def test_finspace_update_kx_user_succeeds(client):
    finspace = client("finspace")
    environment_id, user = first_finspace_user(finspace)
    role = "arn:aws:iam::123456789012:role/userdesk-acceptance"
    updated = finspace.update_kx_user(
        environmentId=environment_id, userName=user["userName"], iamRole=role
    )
    assert updated["userName"] == user["userName"]
    assert updated["iamRole"] == role
    fetched = finspace.get_kx_user(environmentId=environment_id, userName=user["userName"])
    assert fetched["iamRole"] == role


def test_finspace_update_kx_user_rejects_a_role_that_is_not_an_arn(client):
    finspace = client("finspace")
    environment_id, user = first_finspace_user(finspace)
    # Long enough for botocore's min=20 check, but not an IAM role ARN: the service's pattern refuses it.
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        finspace.update_kx_user(
            environmentId=environment_id,
            userName=user["userName"],
            iamRole="not-an-iam-role-arn-at-all",
        )
    assert error_code(excinfo) == "ValidationException"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


# ---- IdentityStore UpdateUser (awsJson1_1) ----------------------------------------------------


def test_identitystore_update_user_succeeds(client):
    store_id, user = first_identitystore_user(client)
    identitystore = client("identitystore")
    identitystore.update_user(
        IdentityStoreId=store_id,
        UserId=user["UserId"],
        Operations=[{"AttributePath": "displayName", "AttributeValue": "Userdesk Acceptance"}],
    )
    described = identitystore.describe_user(IdentityStoreId=store_id, UserId=user["UserId"])
    assert described["DisplayName"] == "Userdesk Acceptance"


def test_identitystore_update_user_rejects_a_malformed_attribute_path(client):
    store_id, user = first_identitystore_user(client)
    # AttributePath must be letters separated by dots; botocore only checks it is non-empty.
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        client("identitystore").update_user(
            IdentityStoreId=store_id,
            UserId=user["UserId"],
            Operations=[{"AttributePath": "display name!", "AttributeValue": "x"}],
        )
    assert error_code(excinfo) == "ValidationException"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


# ---- Wickr UpdateUser (restJson1) -------------------------------------------------------------


def test_wickr_update_user_succeeds(client):
    wickr = client("wickr")
    network_id, user = first_wickr_user(wickr)
    updated = wickr.update_user(
        networkId=network_id, userId=user["userId"], userDetails={"firstName": "Acceptance"}
    )
    assert updated["userId"] == user["userId"]
    assert updated["networkId"] == network_id
    assert updated["firstName"] == "Acceptance"
    fetched = wickr.get_user(networkId=network_id, userId=user["userId"])
    assert fetched["firstName"] == "Acceptance"


def test_wickr_update_user_rejects_a_non_numeric_user_id(client):
    wickr = client("wickr")
    network_id, _ = first_wickr_user(wickr)
    # User ids are digit strings; botocore does not check the pattern, the service does.
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        wickr.update_user(
            networkId=network_id, userId="not-digits", userDetails={"firstName": "x"}
        )
    assert error_code(excinfo) == "ValidationError"
    # Wickr's ValidationError is a 422, unlike the other services' 400s.
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 422


# ---- the AWS CLI ------------------------------------------------------------------------------


def aws_cli() -> str:
    if "USERDESK_AWS" in os.environ:
        return os.environ["USERDESK_AWS"]
    beside = Path(sys.executable).parent / "aws"
    if not beside.is_file():
        pytest.fail(f"no AWS CLI at {beside}: run scripts/python-env.sh (or set USERDESK_AWS)")
    return str(beside)


def run_aws(sandbox_url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [aws_cli(), *args, "--endpoint-url", sandbox_url, "--output", "json"],
        env={**os.environ, **AWS_ENV},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_aws_cli_memorydb_update_user(client, sandbox_url):
    user = first_memorydb_user(client("memorydb"))
    access = "on ~cli:* +@read"

    # The refused call first: after a successful update the user is `modifying` for a while,
    # and a second change would then be refused for that reason instead.
    bad = run_aws(
        sandbox_url, "memorydb", "update-user",
        "--user-name", user["Name"],
        "--authentication-mode", "Type=password,Passwords=too-short",
    )
    # An error the service answered: exit 255 from CLI v1 (the pinned one), 254 from v2 (which
    # USERDESK_AWS may name), and the error code on stderr.
    assert bad.returncode in (254, 255), bad.stderr
    assert "(InvalidParameterValueException)" in bad.stderr

    ok = run_aws(
        sandbox_url, "memorydb", "update-user",
        "--user-name", user["Name"], "--access-string", access,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["User"]["AccessString"] == access
