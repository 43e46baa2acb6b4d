import oscar.apps.basket.apps as apps


class BasketConfig(apps.BasketConfig):
    name = "shop.basket"

    def get_url_decorator(self, pattern):
        if pattern.name == "add":
            from .decorators import login_to_add

            return login_to_add
        return super().get_url_decorator(pattern)
