package dev.stagecraft.hello;

public final class Hello {
    public static void main(String[] args) {
        System.out.println("Hello from a container that only needs a JRE.");
    }
}
