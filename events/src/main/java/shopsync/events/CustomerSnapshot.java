package shopsync.events;

/** A MODX user with its profile ({@code users} + {@code user_attributes}), as the shop has it now. */
public record CustomerSnapshot(long id, String username, String fullname, String email, String phone,
                               String mobilephone) {}
