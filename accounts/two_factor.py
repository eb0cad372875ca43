"""Two-factor sign-in: writes and reads for a person's authenticator app and recovery codes.

A person has two-factor sign-in when they have a confirmed TOTP device (an
authenticator app); their recovery codes are a django-otp static device that
signs in once per code. Sign-in asks for a code after the password whenever
the person has it (accounts/sign_in.py).
"""

from __future__ import annotations

import io
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def two_factor_enabled(user) -> bool:
    return user.is_authenticated and user_has_device(user, confirmed=True)


def pending_app_device(user) -> TOTPDevice | None:
    """The authenticator being set up (scanned but not yet confirmed with a code)."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


@transaction.atomic
def two_factor_setup_start(*, user) -> TOTPDevice:
    """A fresh secret for the person's app; it counts only once a code from it is confirmed."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


@transaction.atomic
def two_factor_setup_confirm(*, device: TOTPDevice, code: str) -> list[str] | None:
    """Turn two-factor on when ``code`` comes from the app; return the new recovery codes (shown once)."""
    if not device.verify_token(code.strip().replace(" ", "")):
        return None
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_replace(user=device.user)


@transaction.atomic
def recovery_codes_replace(*, user) -> list[str]:
    """New recovery codes; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_disable(*, user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def setup_key(device: TOTPDevice) -> str:
    """The secret as people type it into an app that cannot scan (base32, in groups of four)."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def qr_code_svg(device: TOTPDevice) -> bytes:
    """The app's set-up link as an SVG QR code (an image: no script, nothing inline in our pages)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()
