import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the first admin account if there is none, printing its password once."

    def add_arguments(self, parser):
        parser.add_argument("--email", default="admin@example.com")

    def handle(self, *args, email, **options):
        User = get_user_model()
        if User.objects.filter(email__iexact=email).exists():
            self.stdout.write(
                f"Admin account {email} exists; its password was printed when it was created. "
                f"Set a new one with: python manage.py changepassword {email}"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(email=email, password=password, display_name="ผู้ดูแลระบบ")
        from allauth.account.models import EmailAddress

        EmailAddress.objects.create(
            user=User.objects.get(email=email), email=email, verified=True, primary=True
        )
        self.stdout.write(self.style.SUCCESS("Admin account created — this password is shown only once:"))
        self.stdout.write(f"    e-mail:   {email}\n    password: {password}")
