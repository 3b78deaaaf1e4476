from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Set before the first save: the display name's unique key is NOT NULL.
        user.display_name = form.cleaned_data["display_name"]
        user.role = form.cleaned_data["role"]
        return super().save_user(request, user, form, commit=commit)
