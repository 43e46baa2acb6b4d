default_app_config = "shop.basket.apps.BasketConfig"
