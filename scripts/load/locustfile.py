"""The `make load` traffic: staff browse, log calls and record payments; owners read the dashboard and reports.

Every write carries a unique marker in its note; the run records the markers of
writes the app acknowledged (a redirect after the POST), so scripts/load/run.py
can check each landed exactly once.
"""

from __future__ import annotations

import datetime
import os
import random
import re
import uuid

from locust import HttpUser, between, task

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY = re.compile(r'name="submission_key" value="([^"]+)"')
RUN = os.environ.get("KOB_LOAD_RUN", "run")
CUSTOMERS = [int(pk) for pk in os.environ.get("KOB_LOAD_CUSTOMERS", "").split(",") if pk]
INVOICES = [int(pk) for pk in os.environ.get("KOB_LOAD_INVOICES", "").split(",") if pk]
ACKNOWLEDGED: list[str] = []  # markers of writes answered with success
TODAY = datetime.date.today().isoformat()


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)
    email = ""
    password = ""

    def on_start(self) -> None:
        page = self.client.get("/accounts/login/", name="sign-in")
        token = CSRF.search(page.text).group(1)
        self.client.post(
            "/accounts/login/",
            {"username": self.email, "password": self.password, "csrfmiddlewaretoken": token},
            name="sign-in",
        )

    def send_form(self, url: str, data: dict, name: str) -> None:
        """Open a create form, send it with its tokens, and note the marker when acknowledged."""
        page = self.client.get(url, name=f"{name} (form)")
        csrf, key = CSRF.search(page.text), KEY.search(page.text)
        if not csrf or not key:
            return
        marker = f"load-{RUN}-{uuid.uuid4().hex}"
        data = {**data, "note": marker, "csrfmiddlewaretoken": csrf.group(1), "submission_key": key.group(1)}
        with self.client.post(url, data, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code == 302:
                ACKNOWLEDGED.append(marker)
                response.success()
            else:
                response.failure(f"{response.status_code}: not saved")


class Staff(SignedIn):
    weight = 3
    email, password = "staff@example.com", "keep-or-boot-staff"

    @task(4)
    def customer_list(self) -> None:
        self.client.get("/customers/", name="customer list")

    @task(2)
    def customer_search(self) -> None:
        self.client.get("/customers/?q=" + random.choice("aeiou"), name="customer list (search)")

    @task(3)
    def customer_page(self) -> None:
        self.client.get(f"/customers/{random.choice(CUSTOMERS)}/", name="customer page")

    @task(1)
    def home(self) -> None:
        self.client.get("/", name="staff home")

    @task(2)
    def log_a_call(self) -> None:
        customer = random.choice(CUSTOMERS)
        data = {
            "customer_name": f"x #{customer}",
            "duration_preset": "5",
            "in_scope": "yes",
            "kind": "call",
            "direction": "inbound",
        }
        self.send_form(f"/log/?customer={customer}", data, "log a call")

    @task(1)
    def record_payment(self) -> None:
        invoice = random.choice(INVOICES)
        data = {"date": TODAY, "amount": "0.01", "method": "bank_transfer"}
        self.send_form(f"/invoices/{invoice}/payments/new/", data, "record a payment")


class Owner(SignedIn):
    weight = 1
    email, password = "owner@example.com", "keep-or-boot-owner"

    @task(3)
    def dashboard(self) -> None:
        self.client.get("/dashboard/", name="dashboard")

    @task(2)
    def report(self) -> None:
        self.client.get(f"/customers/{random.choice(CUSTOMERS)}/report/", name="customer report")
