"""Helpers shared by the test suite."""

import re
import threading
from collections.abc import Callable

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client


def use_language(client: Client, language: str) -> Client:
    """Choose the portal's language as a person does with the language switch.

    The switch sets the language cookie; the portal ignores the browser's
    Accept-Language and is Swedish otherwise (ssr_portal/middleware.py).
    """
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def run_tasks(*, worker_id: str = "test-worker") -> int:
    """Run the queued background tasks that are due, in this process, as
    `manage.py db_worker --batch` would (django-tasks-db's worker), and return
    how many runs finished (failed ones included). Tasks queued by those tasks
    run too; a task that failed and waits for its backoff does not (move the
    clock past it, e.g. with time_machine, to run it again)."""
    from unittest import mock

    from django_tasks.signals import task_finished
    from django_tasks_db.management.commands import db_worker

    finished = []

    def count(sender, task_result, **kwargs):
        finished.append(task_result.id)

    task_finished.connect(count, weak=False)
    # The worker closes "old" connections between tasks, as Django does between
    # requests; inside the test's transaction that would close the test's own
    # (Django's test client disconnects the same housekeeping for this reason).
    try:
        with mock.patch.object(db_worker, "close_old_connections", lambda: None):
            db_worker.Worker(
                queue_names=["*"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=worker_id,
                excluded_queue_names=[],
            ).run()
    finally:
        task_finished.disconnect(count)
    return len(finished)


def stored_files(folder: str) -> list[str]:
    """Every file the default storage holds under `folder`, through the storage
    API (the suite runs on the file system and on S3)."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:  # the file system has no empty folders to list
        return []
    found = [f"{folder}/{name}" for name in files]
    for name in folders:
        found.extend(stored_files(f"{folder}/{name}"))
    return sorted(found)


def stored_bytes(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def system():
    """The portal's own account, for a service called as the portal does it (an
    import, the demo, the justering hook), not by a person."""
    from members.models import User

    return User.objects.system()


def totp_device(user):
    """The person's authenticator app (a confirmed TOTP device), made if need be."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=True
    )


def totp_code(device, *, offset: int = 0) -> str:
    """The code the person's app shows now (or `offset` steps of 30 s later), as
    the app computes it from the key it was given."""
    from django_otp.oath import totp

    code = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0,
        digits=device.digits,
        drift=device.drift + offset,
    )
    return f"{code:0{device.digits}d}"


def login_verified(client: Client, user) -> Client:
    """Log the person in with two-factor login done (django-otp), as after the
    password and the app's code: for the steps that approve, adjust or mark
    secrecy (members/two_factor.py)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = totp_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def url_patterns(patterns=None, prefix: str = "", namespace: str = ""):
    """(URL name with its namespace, pattern text, parameter names) of every named
    pattern of the URL configuration (the portal's, the API router's, the admin's):
    what the walks over every URL start from (the permission matrix, HEAD)."""
    import re

    from django.urls import URLPattern, URLResolver, get_resolver

    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(
                entry.url_patterns, prefix + str(entry.pattern), inner
            )
        elif isinstance(entry, URLPattern) and entry.name:
            text = prefix + str(entry.pattern)
            names = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", text)
            yield f"{namespace}{entry.name}", text, {a or b for a, b in names}


def race(*work: Callable[[], object]) -> list[object]:
    """Run each callable in its own thread, all released at once by a barrier (the
    concurrency tests on PostgreSQL); the outcome of each: its result, or the
    exception it raised. Each thread closes its own database connection."""
    start = threading.Barrier(len(work))
    outcomes: list[object] = [None] * len(work)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            start.wait()
            outcomes[index] = call()
        except BaseException as error:  # reported by the test, not lost in a thread
            outcomes[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(index, call))
        for index, call in enumerate(work)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hangs"
    return outcomes


def breadcrumbs_of(response) -> list[tuple[str, str | None]]:
    """The breadcrumbs as (label, address); the current page's address is None."""
    page = response.content.decode()
    found = re.search(
        r'<nav aria-label="[^"]*" class="breadcrumbs">\s*<ol[^>]*>(.*?)</ol>',
        page,
        re.S,
    )
    assert found, "no breadcrumbs"
    crumbs = []
    for item in re.findall(r"<li[^>]*>(.*?)</li>", found.group(1), re.S):
        link = re.search(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', item, re.S)
        if link:
            crumbs.append((link.group(2).strip(), link.group(1)))
        else:
            current = re.search(r'<span aria-current="page">(.*?)</span>', item, re.S)
            assert current, f"the last crumb is not the current page: {item}"
            crumbs.append((current.group(1).strip(), None))
    return crumbs
