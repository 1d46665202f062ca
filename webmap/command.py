"""(being written)"""
from flask import Blueprint

bp = Blueprint("command", __name__)
